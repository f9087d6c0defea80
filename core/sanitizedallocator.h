#pragma once

// VCD_SANITIZED_ALLOCATOR is defined when this build runs under a sanitizer that replaces malloc
// (AddressSanitizer, ThreadSanitizer, MemorySanitizer). Code that manages memory itself (HeapHeadroom,
// NodePool) steps aside then: the sanitizer must see every allocation to find what it is there for.

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define VCD_SANITIZED_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define VCD_SANITIZED_ALLOCATOR 1
#endif
#endif
