#include "core/logging.h"

Q_LOGGING_CATEGORY(lcNet, "vcd.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApi, "vcd.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcModel, "vcd.model", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProfiles, "vcd.profiles", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServices, "vcd.services", QtInfoMsg)
