#pragma once
// Certificates made at test time with the openssl command (Debian's openssl, which
// scripts/headroom installs): a test CA, and for 127.0.0.1 a certificate it signed, an expired
// one, one for another host name, and a self-signed one. One EC key serves them all.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

namespace headroom::test {

using namespace Qt::Literals::StringLiterals;

class TestCertificates {
public:
    // Empty problem() when every certificate was made.
    TestCertificates()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
            m_problem = QStringLiteral("the openssl command is missing (scripts/headroom install)");
            return;
        }
        const QString dir = m_dir.path();
        QFile(dir + u"/index.txt"_s).open(QIODevice::WriteOnly);
        write(u"serial"_s, "10\n");
        write(u"ext.cnf"_s, "subjectAltName=IP:127.0.0.1\n");
        write(u"wrong.cnf"_s, "subjectAltName=DNS:wrong.example\n");
        write(u"ca.cnf"_s, "[ ca ]\ndefault_ca = test\n[ test ]\ndir = " + dir.toUtf8() +
                               "\ndatabase = $dir/index.txt\nnew_certs_dir = $dir\n"
                               "serial = $dir/serial\ndefault_md = sha256\npolicy = any\n"
                               "[ any ]\ncommonName = supplied\n");
        const bool made =
            run({u"genpkey"_s, u"-algorithm"_s, u"EC"_s, u"-pkeyopt"_s,
                 u"ec_paramgen_curve:P-256"_s, u"-out"_s, u"key.pem"_s}) &&
            run({u"req"_s, u"-x509"_s, u"-key"_s, u"key.pem"_s, u"-out"_s, u"ca.pem"_s, u"-days"_s,
                 u"2"_s, u"-subj"_s, u"/CN=Headroom test CA"_s, u"-addext"_s,
                 u"basicConstraints=critical,CA:TRUE"_s, u"-addext"_s,
                 u"keyUsage=keyCertSign,cRLSign"_s}) &&
            run({u"req"_s, u"-new"_s, u"-key"_s, u"key.pem"_s, u"-out"_s, u"host.csr"_s, u"-subj"_s,
                 u"/CN=127.0.0.1"_s}) &&
            run({u"req"_s, u"-new"_s, u"-key"_s, u"key.pem"_s, u"-out"_s, u"wrong.csr"_s,
                 u"-subj"_s, u"/CN=wrong.example"_s}) &&
            run({u"x509"_s, u"-req"_s, u"-in"_s, u"host.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s,
                 u"key.pem"_s, u"-set_serial"_s, u"2"_s, u"-days"_s, u"2"_s, u"-extfile"_s,
                 u"ext.cnf"_s, u"-out"_s, u"valid.pem"_s}) &&
            run({u"x509"_s, u"-req"_s, u"-in"_s, u"wrong.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s,
                 u"key.pem"_s, u"-set_serial"_s, u"3"_s, u"-days"_s, u"2"_s, u"-extfile"_s,
                 u"wrong.cnf"_s, u"-out"_s, u"wronghost.pem"_s}) &&
            // `openssl x509` cannot back-date; `openssl ca` can.
            run({u"ca"_s, u"-batch"_s, u"-config"_s, u"ca.cnf"_s, u"-cert"_s, u"ca.pem"_s,
                 u"-keyfile"_s, u"key.pem"_s, u"-in"_s, u"host.csr"_s, u"-out"_s, u"expired.pem"_s,
                 u"-startdate"_s, u"20200101000000Z"_s, u"-enddate"_s, u"20200102000000Z"_s,
                 u"-extfile"_s, u"ext.cnf"_s}) &&
            run({u"req"_s, u"-x509"_s, u"-key"_s, u"key.pem"_s, u"-out"_s, u"selfsigned.pem"_s,
                 u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s,
                 u"subjectAltName=IP:127.0.0.1"_s});
        if (made && m_problem.isEmpty()) {
            m_key = QSslKey(read(u"key.pem"_s), QSsl::Ec);
            if (m_key.isNull()) {
                m_problem = QStringLiteral("the test key does not load");
            }
        }
    }

    QString problem() const { return m_problem; }
    QSslCertificate certificate(const QString &name) const // "ca", "valid", "expired", …
    {
        return QSslCertificate(read(name + u".pem"_s));
    }
    // A server configuration presenting `name` with the shared key.
    QSslConfiguration server(const QString &name) const
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(certificate(name));
        config.setPrivateKey(m_key);
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        return config;
    }

private:
    void write(const QString &name, const QByteArray &bytes)
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
            m_problem = QStringLiteral("cannot write %1").arg(name);
        }
    }
    QByteArray read(const QString &name) const
    {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    bool run(const QStringList &arguments)
    {
        QProcess openssl;
        openssl.setWorkingDirectory(m_dir.path());
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(QStringLiteral("openssl"), arguments);
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
            m_problem = QStringLiteral("openssl %1 failed: %2")
                            .arg(arguments.first(), QString::fromLocal8Bit(openssl.readAll()));
            return false;
        }
        return true;
    }

    QTemporaryDir m_dir;
    QSslKey m_key;
    QString m_problem;
};

} // namespace headroom::test
