#pragma once

// What this build is: the version, the Qt it runs on (and was built against) and the git commit it
// was built from. One text for `vcd-explorer --version` and the window's About box, so the two never
// disagree.

#include <QString>

namespace vcd {

// "0.1.0" (the project version in CMakeLists.txt).
QString buildVersion();
// The commit the build came from, 12 hex digits with "-dirty" when the checkout had local changes;
// "unknown" for a build outside a git checkout (a release tarball).
QString buildCommit();
// Three lines, untranslated (it goes into bug reports):
//   VCD Explorer 0.1.0
//   Qt 6.4.2 (built against 6.4.2)
//   commit 0123456789ab
QString buildInfoText();

} // namespace vcd
