#pragma once

// Reads HTTP/1.1 requests (RFC 9112) from the bytes of one connection, as they arrive and within limits:
// the request line and header fields may take at most maxHeaderBytes, a body at most maxBodyBytes, and
// both are checked while reading — a Content-Length over the cap is refused before a byte of the body is
// read, a chunked body as soon as its chunks pass the cap, a head as soon as it passes its cap without
// ending. The reader never holds more than one head and the body read so far, whatever a client sends.
//
// What it refuses, with the status a server answers:
//   431  request line + header fields over maxHeaderBytes (also the trailer fields of a chunked body)
//   413  a body over maxBodyBytes (Content-Length or the sum of the chunks)
//   400  a malformed request line or field, a control character (bare CR, NUL, …) in a field value, a
//        folded field (obs-fold), Content-Length and Transfer-Encoding together or Content-Lengths that
//        disagree (the classic request-smuggling shapes), a malformed chunk
//   501  a Transfer-Encoding other than chunked
//   505  an HTTP version other than 1.0 / 1.1
// Pure: no sockets, no timers (SimServer adds those), so it is tested and fuzzed on its own.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace vcd::sim {

class HttpRequestReader
{
public:
    struct Limits
    {
        qint64 maxHeaderBytes = 64 * 1024;
        qint64 maxBodyBytes = 10 * 1024 * 1024;
    };

    struct Request
    {
        QByteArray method;
        QByteArray target; // as sent: origin form "/api/org?x=1" (or absolute form)
        int minorVersion = 1;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        bool keepAlive = true;
    };

    enum class State {
        Idle,     // nothing of a request buffered
        Head,     // part of a request line / header fields buffered
        Body,     // head read, body incomplete
        Complete, // a request is ready: takeRequest()
        Failed,   // refused: errorStatus(), errorMessage(); the connection must be closed
    };

    HttpRequestReader();
    explicit HttpRequestReader(Limits limits);

    // Adds bytes of the connection and reads as far as they go (an empty view just reads on, e.g. after
    // takeRequest() when the next request was already buffered).
    State feed(QByteArrayView data);
    State state() const { return m_state; }
    // Part of a request has arrived and it is not complete yet (what a request timeout watches).
    bool hasPartialRequest() const { return m_state == State::Head || m_state == State::Body; }
    // The head asked for "Expect: 100-continue" and the body is still to come: answer 100 once, then
    // call continueSent().
    bool expectsContinue() const { return m_expectContinue && m_state == State::Body; }
    void continueSent() { m_expectContinue = false; }

    // In Complete: the request; the reader then reads on from the bytes after it.
    Request takeRequest();

    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }

private:
    enum class BodyMode { None, Length, Chunked };
    enum class ChunkStep { Size, Data, DataEnd, Trailers };

    void parse();
    bool parseHead(qsizetype headEnd);
    bool parseRequestLine(const QByteArray &line);
    bool parseField(const QByteArray &line);
    bool frameBody();
    void readBody();
    void readChunks();
    // Index just past the next line ending at or after `from` ("\n", a preceding "\r" included in the
    // line), or -1 when no complete line is buffered.
    qsizetype lineEnd(qsizetype from) const;
    QByteArray lineAt(qsizetype start, qsizetype end) const;
    void consume(qsizetype n);
    void fail(int status, const QString &message);

    Limits m_limits;
    State m_state = State::Idle;
    QByteArray m_buffer;
    qsizetype m_scan = 0; // where the search for the end of the head continues
    Request m_request;
    BodyMode m_bodyMode = BodyMode::None;
    qint64 m_remaining = 0; // of the Content-Length, or of the current chunk
    ChunkStep m_chunkStep = ChunkStep::Size;
    qint64 m_trailerBytes = 0;
    bool m_expectContinue = false;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace vcd::sim
