#pragma once

// Everything the simulator can be told at start (the vcd-sim command line maps 1:1 onto it).

#include "sim/faults.h"

#include <QByteArray>

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
    // The secret every /control request must carry (header X-VCD-SIM-CONTROL-TOKEN); empty = a random
    // one is made at start (VcdSimulator::controlToken(), printed by vcd-sim and put in its ready file).
    QByteArray controlToken;

    // Limits of what one client may make the server hold, checked while reading (docs/RELIABILITY.md).
    qint64 maxHeaderBytes = 64 * 1024;      // request line + header fields → 431
    qint64 maxBodyBytes = 10 * 1024 * 1024; // → 413
    int requestTimeoutMs = 30000;           // first byte of a request → its last byte, else 408
    int idleTimeoutMs = 120000;             // a kept-alive connection without a request is closed
};

} // namespace vcd::sim
