#pragma once
// The embedded demo proxy: a built-in headroom-sim scenario (cascade unless --scenario names
// another), served in-process on an ephemeral
// loopback port for as long as Headroom runs.

#include <memory>
#include <QObject>
#include <QString>
#include <QUrl>

namespace headroom::sim {
class SimEngine;
class SimServer;
} // namespace headroom::sim

namespace headroom::app {

class DemoProxy : public QObject {
    Q_OBJECT
public:
    explicit DemoProxy(QObject *parent = nullptr);
    ~DemoProxy() override;

    // Loads the scenario and listens on 127.0.0.1; on failure returns false and sets error.
    bool start(const QString &scenario = QStringLiteral("cascade"), double speed = 1.0);

    QUrl url() const { return m_url; }
    QString scenarioName() const { return m_scenarioName; }
    QString masterKey() const;
    QString errorString() const { return m_error; }

private:
    std::unique_ptr<sim::SimEngine> m_engine;
    std::unique_ptr<sim::SimServer> m_server;
    QUrl m_url;
    QString m_scenarioName;
    QString m_error;
};

} // namespace headroom::app
