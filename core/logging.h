#pragma once

#include <QLoggingCategory>

// Every logging category of vcdcore, declared in one place (libQuotient's habit) so that
// QT_LOGGING_RULES="vcd.*.debug=true" switches on everything and nothing hides elsewhere.
Q_DECLARE_LOGGING_CATEGORY(lcNet)
Q_DECLARE_LOGGING_CATEGORY(lcApi)
Q_DECLARE_LOGGING_CATEGORY(lcModel)
Q_DECLARE_LOGGING_CATEGORY(lcProfiles)
Q_DECLARE_LOGGING_CATEGORY(lcServices)
