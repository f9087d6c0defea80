// The client (Session, ApiCall, the readers) against servers that attack it or break (issue #12 item 5),
// each a raw QTcpServer / QSslServer of the test's own on loopback that logs the client in like a small
// VCD and then misbehaves: garbage, a truncated body, a huge Content-Length, an endless body, one byte at
// a time in the head and in the body, entity expansion, deep nesting, a redirect to another host, a
// certificate that changes mid-session, a 401 storm, a server that accepts and never answers; and plain
// http:// to a host that is not loopback. For each: a clear error within the deadline, bounded memory,
// nothing sent where it must not go. Short limits keep it quick; the figure printed is the client's peak
// RSS under the endless body with the default 64 MB cap.

#include "bench/procmemory.h"
#include "core/api/xmlreaders.h"
#include "core/net/apicall.h"
#include "core/net/requestlog.h"
#include "core/net/session.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

#include <zlib.h>

using namespace Qt::StringLiterals;
using namespace vcd;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

constexpr int kWaitMs = 20000;
const QByteArray kVcloud = "http://www.vmware.com/vcloud/v1.5";

// A connection of the hostile server, with what a behaviour may do on it.
class Peer : public QObject
{
public:
    explicit Peer(QTcpSocket *s)
        : socket(s)
    {
        setParent(s);
    }
    void write(const QByteArray &bytes) { socket->write(bytes); }
    // `bytes`, one at a time every `intervalMs`.
    void trickle(const QByteArray &bytes, int intervalMs)
    {
        auto *timer = new QTimer(this);
        auto pos = std::make_shared<qsizetype>(0);
        connect(timer, &QTimer::timeout, this, [this, timer, bytes, pos] {
            if (*pos >= bytes.size()) {
                timer->stop();
                return;
            }
            socket->write(bytes.mid((*pos)++, 1));
        });
        timer->start(intervalMs);
    }
    // `block` for ever, as fast as the client takes it.
    void endless(const QByteArray &block)
    {
        auto refill = [this, block] {
            while (socket->bytesToWrite() < 4 * block.size())
                socket->write(block);
        };
        connect(socket, &QTcpSocket::bytesWritten, this, refill);
        refill();
    }
    QTcpSocket *socket;
};

struct SeenRequest
{
    QByteArray method;
    QByteArray path;
    QList<QPair<QByteArray, QByteArray>> headers;
};

// Logs the client in like a small VCD (API 32.0: GET /api/versions, POST /api/sessions, GET /api/session)
// and hands every other request to `behave`.
class HostileServer : public QObject
{
public:
    using Behaviour = std::function<void(Peer &, const SeenRequest &)>;

    explicit HostileServer(Behaviour behave, QTcpServer *server = nullptr)
        : m_server(server ? server : new QTcpServer)
        , m_behave(std::move(behave))
    {
        m_server->setParent(this);
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *s = m_server->nextPendingConnection()) {
                ++connections;
                s->setParent(this);
                auto *peer = new Peer(s);
                connect(s, &QTcpSocket::readyRead, peer, [this, peer] { onRead(*peer); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    bool listen(const QHostAddress &address = QHostAddress::LocalHost)
    {
        return m_server->listen(address, 0);
    }
    QUrl url() const
    {
        const bool tls = qobject_cast<QSslServer *>(m_server) != nullptr;
        return QUrl(u"%1://127.0.0.1:%2"_s.arg(tls ? u"https"_s : u"http"_s).arg(m_server->serverPort()));
    }
    // Drops every open connection (the client must connect, and hand-shake, again).
    void dropConnections()
    {
        for (QTcpSocket *s : findChildren<QTcpSocket *>())
            s->abort();
    }
    QTcpServer *server() const { return m_server; }

    QList<SeenRequest> requests; // everything that reached the server, login included
    int connections = 0;
    bool refuseLogins = false; // the 401 storm answers logins with 401 too

    static QByteArray response(int status, const QByteArray &reason, const QByteArray &body,
                               const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
        for (const auto &h : headers)
            out += h.first + ": " + h.second + "\r\n";
        return out + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }

private:
    void onRead(Peer &peer)
    {
        QByteArray &buf = m_buffers[&peer];
        buf += peer.socket->readAll();
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            SeenRequest r;
            const QList<QByteArray> lines = buf.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            r.method = first.value(0);
            r.path = first.value(1);
            if (r.path.startsWith("http")) // a proxy request: absolute form
                r.path = QUrl::fromEncoded(r.path).path(QUrl::FullyEncoded).toUtf8();
            qsizetype length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines[i].trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0)
                    continue;
                r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
                if (line.left(colon).trimmed().compare("Content-Length", Qt::CaseInsensitive) == 0)
                    length = line.mid(colon + 1).trimmed().toLongLong();
            }
            if (buf.size() < end + 4 + length)
                return;
            buf.remove(0, end + 4 + length);
            requests << r;
            if (!answerLogin(peer, r))
                m_behave(peer, r);
        }
    }

    bool answerLogin(Peer &peer, const SeenRequest &r)
    {
        const QByteArray base = url().toEncoded();
        if (r.path == "/api/versions") {
            peer.write(
                response(200, "OK",
                         "<SupportedVersions xmlns=\"http://www.vmware.com/vcloud/versions\"><VersionInfo>"
                         "<Version>32.0</Version><LoginUrl>" +
                             base + "/api/sessions</LoginUrl></VersionInfo></SupportedVersions>"));
            return true;
        }
        const QByteArray session =
            "<Session xmlns=\"" + kVcloud + "\" user=\"u\" org=\"o\" href=\"" + base +
            "/api/session\"><Link rel=\"down\" type=\"application/vnd.vmware.vcloud.orgList+xml\" "
            "href=\"" +
            base + "/api/org\"/></Session>";
        if (r.path == "/api/sessions" && r.method == "POST") {
            if (refuseLogins)
                peer.write(response(401, "Unauthorized", {}));
            else
                peer.write(
                    response(200, "OK", session,
                             {{"x-vcloud-authorization", "tok-" + QByteArray::number(requests.size())}}));
            return true;
        }
        if (r.path == "/api/session" && r.method == "GET" && !refuseLogins) {
            peer.write(response(200, "OK", session));
            return true;
        }
        return false;
    }

    QTcpServer *m_server;
    Behaviour m_behave;
    QHash<Peer *, QByteArray> m_buffers;
};

SessionSettings settingsFor(const QUrl &url)
{
    SessionSettings s;
    s.url = url;
    s.org = u"o"_s;
    s.user = u"u"_s;
    s.proxyMode = SessionSettings::ProxyMode::None;
    s.timeoutMs = 10000;
    s.deadlineMs = 1500;
    s.maxResponseBytes = 1024 * 1024;
    return s;
}

bool logIn(Session &session, const SessionSettings &settings, ApiError *error = nullptr)
{
    QSignalSpy ok(&session, &Session::loggedIn);
    QSignalSpy failed(&session, &Session::loginFailed);
    session.login(settings, u"pa55word"_s);
    if (!QTest::qWaitFor([&] { return ok.count() + failed.count() > 0; }, kWaitMs))
        return false;
    if (error && !failed.isEmpty())
        *error = failed.first().first().value<ApiError>();
    return ok.count() == 1;
}

struct Outcome
{
    ApiError error;
    qint64 elapsedMs = -1;
    int status = 0;
    QByteArray body;
};

// One GET through the session, waited for.
Outcome getAndWait(Session &session, const QString &path, int waitMs = kWaitMs)
{
    QElapsedTimer t;
    t.start();
    ApiCall *call = session.get(QUrl(path));
    call->setAutoDelete(false);
    Outcome o;
    if (QTest::qWaitFor([call] { return call->isFinished(); }, waitMs)) {
        o.error = call->error();
        o.elapsedMs = t.elapsed();
        o.status = call->status();
        o.body = call->body();
    }
    delete call;
    return o;
}

int countPath(const HostileServer &server, const QByteArray &path)
{
    int n = 0;
    for (const SeenRequest &r : server.requests)
        n += r.path == path;
    return n;
}

// gzip of `decoded` zero bytes, made a megabyte at a time (never the decoded body in memory): about a
// thousandth of its size, the shape of a decompression bomb.
QByteArray gzipOfZeros(qint64 decoded)
{
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_RLE) != Z_OK)
        return {};
    QByteArray zeros(1024 * 1024, '\0');
    QByteArray out;
    char buf[64 * 1024];
    for (qint64 left = decoded; left > 0 || z.avail_in > 0;) {
        const bool last = left <= zeros.size();
        z.next_in = reinterpret_cast<Bytef *>(zeros.data());
        z.avail_in = uInt(std::min<qint64>(left, zeros.size()));
        left -= z.avail_in;
        int rc = Z_OK;
        do {
            z.next_out = reinterpret_cast<Bytef *>(buf);
            z.avail_out = sizeof buf;
            rc = deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
            out.append(buf, qsizetype(sizeof buf - z.avail_out));
        } while (z.avail_out == 0 || (last && rc != Z_STREAM_END));
    }
    deflateEnd(&z);
    return out;
}

// A self-signed certificate and key from the openssl command line (Qt has no generator).
bool makeCertificate(const QString &dir, const QString &name, QSslCertificate *cert, QSslKey *key)
{
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty())
        return false;
    const QString certPath = dir + u'/' + name + u".pem"_s;
    const QString keyPath = dir + u'/' + name + u".key"_s;
    QProcess p;
    p.start(openssl, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s, keyPath,
                      u"-out"_s, certPath, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN="_s + name, u"-addext"_s,
                      u"subjectAltName=IP:127.0.0.1"_s});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return false;
    QFile c(certPath);
    QFile k(keyPath);
    if (!c.open(QIODevice::ReadOnly) || !k.open(QIODevice::ReadOnly))
        return false;
    *cert = QSslCertificate(c.readAll(), QSsl::Pem);
    *key = QSslKey(k.readAll(), QSsl::Rsa, QSsl::Pem);
    return !cert->isNull() && !key->isNull();
}

QSslConfiguration serverTls(const QSslCertificate &cert, const QSslKey &key)
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificate(cert);
    conf.setPrivateKey(key);
    return conf;
}

} // namespace

class TestHostileServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void garbage()
    {
        HostileServer server([](Peer &p, const SeenRequest &) {
            p.write(QByteArray("\x00\xff\xfe NOT HTTP AT ALL \x01\x02\r\n\r\n", 26));
            p.socket->disconnectFromHost();
        });
        QVERIFY(server.listen());
        Session session;
        QVERIFY(logIn(session, settingsFor(server.url())));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QVERIFY(o.error.isError());
        QVERIFY2(o.elapsedMs >= 0 && o.elapsedMs < 1500 + 1000, qPrintable(o.error.toString()));
        QVERIFY(!o.error.userMessage().isEmpty());
        QVERIFY(session.isConnected()); // one bad answer does not end the session
    }

    void truncatedBody()
    {
        HostileServer server([](Peer &p, const SeenRequest &) {
            p.write("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.vmware.vcloud.orgList+xml\r\n"
                    "Content-Length: 1000\r\n\r\n<OrgList xmlns=");
            p.socket->disconnectFromHost();
        });
        QVERIFY(server.listen());
        SessionSettings settings = settingsFor(server.url());
        settings.deadlineMs = 10000; // room for the GET's retries
        Session session;
        QVERIFY(logIn(session, settings));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QCOMPARE(o.error.kind(), ApiError::Kind::Network); // a cut connection, never a "200" with half a body
        QVERIFY(o.elapsedMs >= 0 && o.elapsedMs < 10000);
        QCOMPARE(countPath(server, "/api/org"), 3); // a GET is retried (RetryPolicy), and only 3 times
    }

    void hugeContentLength()
    {
        HostileServer server([](Peer &p, const SeenRequest &) {
            p.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000000000\r\n\r\n");
            p.endless(QByteArray(64 * 1024, 'x'));
        });
        QVERIFY(server.listen());
        Session session;
        QVERIFY(logIn(session, settingsFor(server.url())));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QCOMPARE(o.error.kind(), ApiError::Kind::TooLarge);
        QVERIFY2(o.error.userMessage().contains(u"1.0 MB"_s), qPrintable(o.error.userMessage()));
        QVERIFY(o.error.details().contains(u"Content-Length"_s));
        QVERIFY(o.elapsedMs < 1500);
        QCOMPARE(countPath(server, "/api/org"), 1); // never downloaded again
    }

    void endlessBody()
    {
        // The default cap (64 MB): the figure is the client's peak RSS while a server streams for ever.
        HostileServer server([](Peer &p, const SeenRequest &) {
            p.write("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nConnection: close\r\n\r\n<OrgList>");
            p.endless(QByteArray(256 * 1024, 'x'));
        });
        QVERIFY(server.listen());
        SessionSettings settings = settingsFor(server.url());
        settings.maxResponseBytes = SessionSettings().maxResponseBytes;
        settings.deadlineMs = 60000;
        Session session;
        QVERIFY(logIn(session, settings));
        vcd::bench::releaseFreedMemory();
        vcd::bench::resetPeakRss();
        const double before = vcd::bench::currentRssMb();
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s, 60000);
        const double peak = vcd::bench::peakRssMb();
        QCOMPARE(o.error.kind(), ApiError::Kind::TooLarge);
        QVERIFY(o.error.userMessage().contains(u"64"_s));
        QCOMPARE(countPath(server, "/api/org"), 1);
        qInfo("ENDLESS {\"cap_mb\":64,\"rss_before_mb\":%.1f,\"peak_rss_mb\":%.1f,\"elapsed_ms\":%lld}",
              before, peak, o.elapsedMs);
        // The cap, its copy in the request log (capped there), and allocator slack: not gigabytes.
        QVERIFY2(peak - before < (kSanitized ? 800 : 300), qPrintable(QString::number(peak - before)));
    }

    // gzip is accepted by default (SessionSettings::acceptCompressed), so the cap counts DECODED bytes: a
    // small compressed body that expands past it stops there with the same clear error, not retried,
    // memory bounded — whether the cap is below Qt's own decompression check or that check meets it.
    void gzipBomb_data()
    {
        QTest::addColumn<qint64>("cap");
        QTest::addColumn<qint64>("decoded");
        QTest::newRow("1 MB cap, 8 MB of zeros") << qint64(1024 * 1024) << qint64(8) * 1024 * 1024;
        QTest::newRow("default cap, 1 GB of zeros")
            << SessionSettings().maxResponseBytes << (qint64(1) << 30);
    }

    void gzipBomb()
    {
        QFETCH(qint64, cap);
        QFETCH(qint64, decoded);
        const QByteArray bomb = gzipOfZeros(decoded);
        QVERIFY(!bomb.isEmpty());
        QVERIFY2(bomb.size() < cap, "the compressed body alone must be under the cap");
        HostileServer server([&](Peer &p, const SeenRequest &r) {
            bool gzip = false;
            for (const auto &h : r.headers)
                gzip |=
                    h.first.compare("Accept-Encoding", Qt::CaseInsensitive) == 0 && h.second.contains("gzip");
            p.write(
                gzip ? HostileServer::response(200, "OK", bomb,
                                               {{"Content-Type", "application/vnd.vmware.vcloud.orgList+xml"},
                                                {"Content-Encoding", "gzip"}})
                     : HostileServer::response(406, "Not Acceptable", {}));
        });
        QVERIFY(server.listen());
        SessionSettings settings = settingsFor(server.url());
        QVERIFY(settings.acceptCompressed); // the default
        settings.maxResponseBytes = cap;
        settings.deadlineMs = 60000;
        Session session;
        QVERIFY(logIn(session, settings));
        vcd::bench::releaseFreedMemory();
        vcd::bench::resetPeakRss();
        const double before = vcd::bench::currentRssMb();
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s, 60000);
        const double peak = vcd::bench::peakRssMb();
        // Our cap met while reading (TooLarge), or Qt's decompression check set to the same cap, which Qt
        // 6.4 reports as an undecodable answer (Parse): either way the message names the cap.
        QVERIFY2(o.error.kind() == ApiError::Kind::TooLarge || o.error.kind() == ApiError::Kind::Parse,
                 qPrintable(o.error.toString()));
        const QString capText = QLocale::c().formattedDataSize(cap, 1, QLocale::DataSizeTraditionalFormat);
        QVERIFY2(o.error.userMessage().contains(capText), qPrintable(o.error.userMessage()));
        QVERIFY2(o.error.details().contains(u"decoded"_s), qPrintable(o.error.details()));
        QCOMPARE(countPath(server, "/api/org"), 1); // never downloaded again
        QVERIFY(o.body.size() <= cap);
        QVERIFY(session.isConnected());
        qInfo("GZIP-BOMB "
              "{\"cap_mb\":%lld,\"compressed_kb\":%lld,\"decoded_mb\":%lld,\"peak_rss_growth_mb\":%.1f,"
              "\"elapsed_ms\":%lld}",
              cap >> 20, qint64(bomb.size()) >> 10, decoded >> 20, peak - before, o.elapsedMs);
        // The cap, its copy in the request log, one decoded chunk and allocator slack: not gigabytes.
        QVERIFY2(peak - before < double(cap >> 20) * 2 + (kSanitized ? 600 : 200),
                 qPrintable(QString::number(peak - before)));
    }

    // A compressed body that does not decode is an error, never a 200 with an empty or partial body.
    void corruptGzip()
    {
        QByteArray broken = gzipOfZeros(64 * 1024);
        broken[0] = 'x'; // not the gzip magic
        HostileServer server([&](Peer &p, const SeenRequest &) {
            p.write(HostileServer::response(200, "OK", broken,
                                            {{"Content-Type", "application/vnd.vmware.vcloud.orgList+xml"},
                                             {"Content-Encoding", "gzip"}}));
        });
        QVERIFY(server.listen());
        Session session;
        QVERIFY(logIn(session, settingsFor(server.url())));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QVERIFY2(o.error.kind() == ApiError::Kind::Parse, qPrintable(o.error.toString()));
        QVERIFY(o.body.isEmpty());
        QCOMPARE(countPath(server, "/api/org"), 1);
    }

    void oneByteAtATimeInTheHead()
    {
        HostileServer server([](Peer &p, const SeenRequest &) {
            p.trickle("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nX-Pad: " + QByteArray(200, 'p') +
                          "\r\nContent-Length: 5\r\n\r\nhello",
                      50);
        });
        QVERIFY(server.listen());
        Session session;
        QVERIFY(logIn(session, settingsFor(server.url())));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QCOMPARE(o.error.kind(), ApiError::Kind::Deadline); // bytes keep moving: no inactivity timeout
        QVERIFY2(o.error.userMessage().contains(u"1.5 s"_s), qPrintable(o.error.userMessage()));
        QVERIFY2(o.elapsedMs >= 1400 && o.elapsedMs < 3000, qPrintable(QString::number(o.elapsedMs)));
        QCOMPARE(countPath(server, "/api/org"), 1); // not retried
    }

    void oneByteAtATimeInTheBody()
    {
        HostileServer server([](Peer &p, const SeenRequest &) {
            p.write("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n");
            p.trickle(QByteArray(100000, 'x'), 50);
        });
        QVERIFY(server.listen());
        Session session;
        QVERIFY(logIn(session, settingsFor(server.url())));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QCOMPARE(o.error.kind(), ApiError::Kind::Deadline);
        QVERIFY2(o.elapsedMs >= 1400 && o.elapsedMs < 3000, qPrintable(QString::number(o.elapsedMs)));
        QCOMPARE(countPath(server, "/api/org"), 1);
    }

    void acceptsAndNeverAnswers()
    {
        HostileServer server([](Peer &, const SeenRequest &) {});
        QVERIFY(server.listen());
        Session session;
        QVERIFY(logIn(session, settingsFor(server.url())));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QCOMPARE(o.error.kind(), ApiError::Kind::Deadline);
        QVERIFY2(o.elapsedMs >= 1400 && o.elapsedMs < 3000, qPrintable(QString::number(o.elapsedMs)));

        // With a shorter inactivity timeout the GET is retried (Timeout), but the deadline still ends the
        // whole call, retries included.
        SessionSettings quick = settingsFor(server.url());
        quick.timeoutMs = 400;
        quick.deadlineMs = 2000;
        QVERIFY(logIn(session, quick));
        const Outcome q = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QVERIFY(q.error.kind() == ApiError::Kind::Deadline || q.error.kind() == ApiError::Kind::Timeout);
        QVERIFY2(q.elapsedMs < 3000, qPrintable(QString::number(q.elapsedMs)));
    }

    void entityExpansion()
    {
        // A 150 KB /api/versions once took the client to 1.2 GB.
        // Returns a QByteArray, not the QStringBuilder `dtd + "…"` would be: that one points into `dtd`.
        auto laughs = []() -> QByteArray {
            QByteArray dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE SupportedVersions [\n<!ENTITY a0 \"" +
                             QByteArray(4000, 'x') + "\">\n";
            for (int i = 1; i < 30; ++i)
                dtd += "<!ENTITY a" + QByteArray::number(i) + " \"" +
                       QByteArray("&a" + QByteArray::number(i - 1) + ";").repeated(1000) + "\">\n";
            return dtd +
                   "]>\n<SupportedVersions xmlns=\"http://www.vmware.com/vcloud/versions\"><VersionInfo>"
                   "<Version>&a29;</Version></VersionInfo></SupportedVersions>";
        };
        QTcpServer raw;
        QVERIFY(raw.listen(QHostAddress::LocalHost));
        const QByteArray body = laughs();
        connect(&raw, &QTcpServer::pendingConnectionAvailable, this, [&] {
            QTcpSocket *s = raw.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s, body] {
                s->readAll();
                s->write(HostileServer::response(200, "OK", body));
            });
        });
        vcd::bench::resetPeakRss();
        const double before = vcd::bench::peakRssMb();
        Session session;
        ApiError error;
        QElapsedTimer t;
        t.start();
        QVERIFY(!logIn(session, settingsFor(QUrl(u"http://127.0.0.1:%1"_s.arg(raw.serverPort()))), &error));
        QCOMPARE(error.kind(), ApiError::Kind::Parse);
        QVERIFY2(error.details().contains(u"DTD"_s), qPrintable(error.details()));
        QVERIFY(t.elapsed() < 2000);
        QVERIFY2(vcd::bench::peakRssMb() - before < 50,
                 qPrintable(QString::number(vcd::bench::peakRssMb() - before)));
        // The same body through every reader: refused, fast.
        QCOMPARE(XmlReaders::readAny(body).error.kind, ReadError::Kind::Malformed);
    }

    void deepNesting()
    {
        const QByteArray deep = "<OrgList xmlns=\"" + kVcloud + "\">" + QByteArray("<a>").repeated(400000) +
                                QByteArray("</a>").repeated(400000) + "</OrgList>";
        HostileServer server([&](Peer &p, const SeenRequest &) {
            p.write(HostileServer::response(200, "OK", deep, {{"Content-Type", "application/xml"}}));
        });
        QVERIFY(server.listen());
        SessionSettings settings = settingsFor(server.url());
        settings.maxResponseBytes = 64 * 1024 * 1024;
        Session session;
        QVERIFY(logIn(session, settings));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QVERIFY2(!o.error.isError(), qPrintable(o.error.toString())); // a body, if an odd one
        QElapsedTimer t;
        t.start();
        // Read without recursion: no stack to overflow, an answer (the unknown elements skipped) in time.
        const auto list = XmlReaders::readOrgList(o.body);
        QVERIFY(list.ok());
        QVERIFY(list->orgs.isEmpty());
        QVERIFY2(t.elapsed() < 15000,
                 qPrintable(QString::number(t.elapsed()))); // seconds, on a loaded machine
    }

    void redirectToAnotherHost()
    {
        HostileServer elsewhere(
            [](Peer &p, const SeenRequest &) { p.write(HostileServer::response(200, "OK", "x")); });
        QVERIFY(elsewhere.listen(QHostAddress(u"127.0.0.2"_s)));
        const QByteArray target =
            "http://127.0.0.2:" + QByteArray::number(elsewhere.server()->serverPort()) + "/api/org";
        HostileServer server([&](Peer &p, const SeenRequest &) {
            p.write(HostileServer::response(302, "Found", {}, {{"Location", target}}));
        });
        QVERIFY(server.listen());
        Session session;
        QVERIFY(logIn(session, settingsFor(server.url())));
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QCOMPARE(o.error.kind(), ApiError::Kind::Redirect);
        QVERIFY(o.error.userMessage().contains(u"127.0.0.2"_s));
        QTest::qWait(200);                  // anything on its way to the other host would have arrived by now
        QCOMPARE(elsewhere.connections, 0); // no credential (no connection at all) went there
    }

    void certificateChangesMidSession()
    {
        QTemporaryDir dir;
        QSslCertificate certA, certB;
        QSslKey keyA, keyB;
        if (!makeCertificate(dir.path(), u"a"_s, &certA, &keyA) ||
            !makeCertificate(dir.path(), u"b"_s, &certB, &keyB))
            QSKIP("the openssl command is needed to make test certificates");
        auto *tls = new QSslServer;
        tls->setSslConfiguration(serverTls(certA, keyA));
        HostileServer server(
            [](Peer &p, const SeenRequest &) {
                p.write(HostileServer::response(200, "OK", "<OrgList xmlns=\"" + kVcloud + "\"/>"));
            },
            tls);
        QVERIFY(server.listen());
        SessionSettings settings = settingsFor(server.url());
        settings.pinnedSha256 = {Session::fingerprintOf(certA)};
        Session session;
        QVERIFY(logIn(session, settings));
        QVERIFY(!getAndWait(session, server.url().toString() + u"/api/org"_s).error.isError());

        // The server now shows another certificate; the client's connections are gone.
        tls->setSslConfiguration(serverTls(certB, keyB));
        server.dropConnections();
        const qsizetype seen = server.requests.size();
        QSignalSpy asked(&session, &Session::certificateUntrusted);
        const Outcome o = getAndWait(session, server.url().toString() + u"/api/org"_s);
        QCOMPARE(o.error.kind(), ApiError::Kind::PinMismatch); // hard failure, never a question
        QVERIFY(o.error.userMessage().contains(Session::fingerprintOf(certB)));
        QCOMPARE(asked.count(), 0);
        QCOMPARE(server.requests.size(), seen); // no request (no token) reached the impostor
        QVERIFY(o.elapsedMs < 1500);
    }

    void unauthorizedStorm()
    {
        HostileServer server(
            [](Peer &p, const SeenRequest &) { p.write(HostileServer::response(401, "Unauthorized", {})); });
        QVERIFY(server.listen());
        Session session;
        QVERIFY(logIn(session, settingsFor(server.url())));
        server.refuseLogins = true;
        QSignalSpy failed(&session, &Session::loginFailed);
        QSignalSpy ask(&session, &Session::reauthenticationRequired);
        ApiCall *call = session.get(QUrl(server.url().toString() + u"/api/org"_s));
        call->setAutoDelete(false);
        // One silent re-login, refused: then the user is asked, once — no loop.
        QVERIFY(QTest::qWaitFor([&] { return ask.count() > 0; }, kWaitMs));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().value<ApiError>().kind(), ApiError::Kind::Auth);
        const qsizetype seen = server.requests.size();
        QTest::qWait(500);
        QCOMPARE(server.requests.size(), seen);
        QCOMPARE(countPath(server, "/api/sessions"), 2); // the login, and the one silent renewal
        QCOMPARE(countPath(server, "/api/org"), 1);
        QCOMPARE(session.state(), Session::State::Expired);
        // The held call ends when the user gives up.
        session.logout();
        QTRY_VERIFY_WITH_TIMEOUT(call->isFinished(), 5000);
        QCOMPARE(call->error().kind(), ApiError::Kind::Canceled);
        delete call;
    }

    void plainHttpToAnotherHostIsRefused()
    {
        // A non-routable address: had anything been sent, it would show as a connection attempt in the
        // request log (and a slow network error).
        Session session;
        ApiError error;
        SessionSettings settings = settingsFor(QUrl(u"http://10.255.255.1"_s));
        QElapsedTimer t;
        t.start();
        QVERIFY(!logIn(session, settings, &error));
        QCOMPARE(error.kind(), ApiError::Kind::Tls);
        QVERIFY2(error.userMessage().contains(u"http://"_s), qPrintable(error.userMessage()));
        QVERIFY(t.elapsed() < 1000);
        QCOMPARE(session.requestLog()->entries().size(), 0);
        QVERIFY(SessionSettings::isInsecureUrl(settings.url));
        QVERIFY(!SessionSettings::isInsecureUrl(QUrl(u"http://localhost:8080"_s)));
        QVERIFY(!SessionSettings::isInsecureUrl(QUrl(u"http://127.0.0.5"_s)));
        QVERIFY(!SessionSettings::isInsecureUrl(QUrl(u"http://[::1]:80"_s)));
        QVERIFY(!SessionSettings::isInsecureUrl(QUrl(u"https://vcd.example.com"_s)));
        QVERIFY(SessionSettings::isInsecureUrl(QUrl(u"http://vcd.example.com"_s)));
        QVERIFY(SessionSettings::isInsecureUrl(QUrl(u"HTTP://localhost.example.com"_s)));

        // With the profile's opt-in it goes ahead (here through a proxy on loopback, so the host needs
        // not exist), and the session says it is insecure.
        HostileServer proxy([](Peer &, const SeenRequest &) {});
        QVERIFY(proxy.listen());
        settings = settingsFor(QUrl(u"http://vcd.invalid"_s));
        settings.proxyMode = SessionSettings::ProxyMode::Explicit;
        settings.proxyHost = u"127.0.0.1"_s;
        settings.proxyPort = quint16(proxy.server()->serverPort());
        QVERIFY(!logIn(session, settings, &error));
        QCOMPARE(error.kind(), ApiError::Kind::Tls);
        QCOMPARE(proxy.requests.size(), 0);
        settings.allowInsecureHttp = true;
        QVERIFY2(logIn(session, settings, &error), qPrintable(error.toString()));
        QVERIFY(session.isInsecureTransport());
        QVERIFY(proxy.requests.size() >= 3);
        session.logout();
        QTRY_VERIFY(!session.isInsecureTransport());
    }
};

QTEST_GUILESS_MAIN(TestHostileServers)
#include "tst_hostileservers.moc"
