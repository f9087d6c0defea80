#pragma once

// Everything the simulator can be told at start (the vcd-sim command line maps 1:1 onto it).

#include "sim/faults.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace vcd::sim {

using namespace Qt::StringLiterals;

struct SimConfig
{
    QHostAddress address = QHostAddress::LocalHost; // another address only with an explicit --listen
    quint16 port = 0;                               // 0 = a free port
    bool tls = false;
    QString certificateFile; // PEM; empty with tls = a generated self-signed certificate
    QString keyFile;
    QString product = u"10.6"_s;
    qint64 sessionIdleTimeoutMs = 30 * 60 * 1000;
    int taskDurationMs = 0;
    // Extra headers every login must carry (--require-header NAME=VALUE), as some providers demand
    // an API key header on top of the vCloud credentials.
    QList<QPair<QByteArray, QByteArray>> requiredLoginHeaders;
    Faults faults;
    QString scenario = u"demo"_s; // "demo", "generate" or a JSON scenario file
    int orgs = 4;
    int vdcsPerOrg = 1;
    int vappsPerVdc = 4;
    int vmsPerVapp = 3;
    quint64 seed = 1;
    bool control = false; // serve the loopback admin endpoint /control/…
    qint64 maxBodyBytes = 10 * 1024 * 1024;
};

} // namespace vcd::sim
