#pragma once

#include "core/api/apitypes.h"

#include <QString>

#include <optional>
#include <utility>

namespace vcd {

using namespace Qt::StringLiterals;

// Why a body could not be turned into a value. Readers never throw and never crash; they hand
// back one of these with the place the problem was found.
struct ReadError
{
    enum class Kind {
        None,
        Malformed,  // not well-formed XML / JSON (line, column and the parser's message)
        WrongRoot,  // well-formed, but the root is not what the caller asked for
        ApiError,   // the body is a VCD Error document (§3.9); apiError holds it
        WrongShape, // JSON of the wrong shape (not an object, ...)
    };

    Kind kind = Kind::None;
    QString message;
    qint64 line = 0;   // 1-based; 0 when unknown
    qint64 column = 0; // 1-based; 0 when unknown
    QString expected;  // WrongRoot: "{namespace}Local" the caller wanted
    QString found;     // WrongRoot: "{namespace}Local" the body had
    std::optional<ApiErrorBody> apiError;

    bool isError() const { return kind != Kind::None; }
    // One line for logs: "line 3, column 7: <message>".
    QString toString() const
    {
        if (kind == Kind::None)
            return QString();
        if (line > 0)
            return u"line %1, column %2: %3"_s.arg(line).arg(column).arg(message);
        return message;
    }
};

template<class T> struct ReadResult
{
    std::optional<T> value;
    ReadError error;

    static ReadResult success(T v)
    {
        ReadResult r;
        r.value = std::move(v);
        return r;
    }
    static ReadResult failure(ReadError e)
    {
        ReadResult r;
        r.error = std::move(e);
        return r;
    }

    bool ok() const { return value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T &operator*() const { return *value; }
    T &operator*() { return *value; }
    const T *operator->() const { return &*value; }
    T *operator->() { return &*value; }
};

} // namespace vcd
