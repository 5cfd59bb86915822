#include "credentials.h"

#include <qt6keychain/keychain.h>

namespace headroom::app {

namespace {

const auto kService = QStringLiteral("Headroom");

QString unavailableText(const QString &detail)
{
    return QStringLiteral("No keychain service is available (%1); name an environment variable "
                          "that holds the key instead (--key-env VAR).")
        .arg(detail);
}

bool isBackendProblem(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError || error == QKeychain::AccessDeniedByUser;
}

} // namespace

CredentialLookup keyFromEnvironment(const QString &variable)
{
    CredentialLookup lookup;
    const QByteArray name = variable.toLocal8Bit();
    if (variable.isEmpty() || !qEnvironmentVariableIsSet(name.constData())) {
        lookup.problem = QStringLiteral("environment variable %1 is not set").arg(variable);
        return lookup;
    }
    const QString value = qEnvironmentVariable(name.constData()).trimmed();
    if (value.isEmpty()) {
        lookup.problem = QStringLiteral("environment variable %1 is empty").arg(variable);
        return lookup;
    }
    lookup.key = value;
    lookup.source = QStringLiteral("environment variable %1").arg(variable);
    return lookup;
}

KeychainStore::KeychainStore(QObject *parent)
    : QObject(parent)
{}

void KeychainStore::read(const QString &proxyUrl, ReadCallback callback)
{
    if (m_unavailable) {
        callback(CredentialLookup{std::nullopt, {}, m_reason});
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this); // deletes itself when done
    job->setAutoDelete(true);
    job->setKey(proxyUrl);
    connect(job, &QKeychain::Job::finished, this,
            [this, job, callback = std::move(callback)](QKeychain::Job *) {
                CredentialLookup lookup;
                if (job->error() == QKeychain::NoError) {
                    lookup.key = job->textData();
                    lookup.source = QStringLiteral("keychain");
                } else if (job->error() == QKeychain::EntryNotFound) {
                    lookup.problem = QStringLiteral("no key for this proxy in the keychain");
                } else if (isBackendProblem(job->error())) {
                    m_unavailable = true;
                    m_reason = unavailableText(job->errorString());
                    lookup.problem = m_reason;
                } else {
                    lookup.problem = job->errorString();
                }
                callback(std::move(lookup));
            });
    job->start();
}

void KeychainStore::write(const QString &proxyUrl, const QString &key, WriteCallback callback)
{
    if (m_unavailable) {
        callback(false, m_reason);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(proxyUrl);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this,
            [this, job, callback = std::move(callback)](QKeychain::Job *) {
                if (job->error() == QKeychain::NoError) {
                    callback(true, {});
                    return;
                }
                if (isBackendProblem(job->error())) {
                    m_unavailable = true;
                    m_reason = unavailableText(job->errorString());
                }
                callback(false, m_unavailable ? m_reason : job->errorString());
            });
    job->start();
}

void KeychainStore::remove(const QString &proxyUrl, WriteCallback callback)
{
    auto *job = new QKeychain::DeletePasswordJob(kService, this);
    job->setAutoDelete(true);
    job->setKey(proxyUrl);
    connect(job, &QKeychain::Job::finished, this,
            [job, callback = std::move(callback)](QKeychain::Job *) {
                callback(job->error() == QKeychain::NoError ||
                             job->error() == QKeychain::EntryNotFound,
                         job->errorString());
            });
    job->start();
}

} // namespace headroom::app
