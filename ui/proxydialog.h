#pragma once
// Adds or edits a watched proxy: its URL, where the key comes from (the keychain, with the key
// typed here once, or an environment variable), the TLS switch, shown as a warning, and an
// optional config.yaml to read the fallback chain from.

#include "proxyentry.h"

#include <QDialog>

class QCheckBox;
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

private:
    void validate();

    QLineEdit *m_url = nullptr;
    QRadioButton *m_useKeychain = nullptr;
    QRadioButton *m_useEnv = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_env = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLineEdit *m_configFile = nullptr;
    QLabel *m_problem = nullptr;
};

} // namespace headroom::ui
