#pragma once
// Adds or edits a watched proxy: its URL, where the key comes from (the keychain, with the key
// typed here once, or an environment variable), the TLS switch, shown as a warning, and an
// optional config.yaml to read the fallback chain from. Or a fleet of replicas read through
// Prometheus: its URL, label matchers, and a bearer token or basic auth kept in the keychain.

#include "proxyentry.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace headroom::ui {

class ProxyDialog : public QDialog {
    Q_OBJECT
public:
    explicit ProxyDialog(QWidget *parent = nullptr);

    void setEntry(const ProxyEntry &entry);
    ProxyEntry entry() const;
    // The key typed for the keychain; empty when none was typed. Never stored by the dialog.
    QString typedKey() const;
    // The Prometheus token or password typed for the keychain; empty when none was typed.
    QString typedPrometheusSecret() const;

private:
    void validate();

    QLineEdit *m_url = nullptr;
    QRadioButton *m_useKeychain = nullptr;
    QRadioButton *m_useEnv = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_env = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLineEdit *m_configFile = nullptr;
    QCheckBox *m_fleet = nullptr;
    QLineEdit *m_promUrl = nullptr;
    QLineEdit *m_matchers = nullptr;
    QComboBox *m_promAuth = nullptr;
    QLineEdit *m_promUser = nullptr;
    QLineEdit *m_promSecret = nullptr;
    QLabel *m_problem = nullptr;
};

} // namespace headroom::ui
