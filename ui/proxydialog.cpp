#include "proxydialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace headroom::ui {

ProxyDialog::ProxyDialog(QWidget *parent)
    : QDialog(parent)
    , m_url(new QLineEdit(this))
    , m_useKeychain(new QRadioButton(tr("OS keychain"), this))
    , m_useEnv(new QRadioButton(tr("Environment variable"), this))
    , m_key(new QLineEdit(this))
    , m_env(new QLineEdit(this))
    , m_insecure(new QCheckBox(tr("Do not verify the TLS certificate (unsafe)"), this))
    , m_configFile(new QLineEdit(this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Watch a LiteLLM proxy"));
    m_url->setPlaceholderText(QStringLiteral("https://litellm.internal:4000"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("sk-… (stored in the keychain, never on disk)"));
    m_env->setPlaceholderText(QStringLiteral("LITELLM_MASTER_KEY"));
    m_configFile->setPlaceholderText(tr("optional: /etc/litellm/config.yaml"));
    m_configFile->setToolTip(
        tr("Read the fallback chain from this config.yaml (and again when it changes) instead "
           "of the proxy's GET /router/settings, which only admin keys may read."));
    m_useKeychain->setChecked(true);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #D55E00"));

    auto *form = new QFormLayout;
    form->addRow(tr("Proxy &URL:"), m_url);
    form->addRow(tr("Key from:"), m_useKeychain);
    form->addRow(QString(), m_key);
    form->addRow(QString(), m_useEnv);
    form->addRow(QString(), m_env);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Fallback chain from &file:"), m_configFile);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    for (QLineEdit *edit : {m_url, m_env, m_key, m_configFile}) {
        connect(edit, &QLineEdit::textChanged, this, &ProxyDialog::validate);
    }
    connect(m_useEnv, &QRadioButton::toggled, this, &ProxyDialog::validate);
    connect(m_insecure, &QCheckBox::toggled, this, &ProxyDialog::validate);
    validate();
}

void ProxyDialog::setEntry(const ProxyEntry &entry)
{
    m_url->setText(entry.url.toString(QUrl::RemoveUserInfo));
    m_useEnv->setChecked(!entry.keyEnv.isEmpty());
    m_useKeychain->setChecked(entry.keyEnv.isEmpty());
    m_env->setText(entry.keyEnv);
    m_insecure->setChecked(entry.insecureTls);
    m_configFile->setText(entry.configFile);
    validate();
}

ProxyEntry ProxyDialog::entry() const
{
    ProxyEntry entry;
    entry.url = QUrl::fromUserInput(m_url->text().trimmed());
    entry.keyEnv = m_useEnv->isChecked() ? m_env->text().trimmed() : QString();
    entry.insecureTls = m_insecure->isChecked();
    entry.configFile = m_configFile->text().trimmed();
    return entry;
}

QString ProxyDialog::typedKey() const
{
    return m_useKeychain->isChecked() ? m_key->text().trimmed() : QString();
}

void ProxyDialog::validate()
{
    m_key->setEnabled(m_useKeychain->isChecked());
    m_env->setEnabled(m_useEnv->isChecked());
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    QString problem;
    bool blocking = true;
    if (m_url->text().trimmed().isEmpty()) {
        problem = tr("Enter the proxy's base URL.");
    } else if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
        problem = tr("The URL must start with http:// or https://.");
    } else if (m_useEnv->isChecked() && m_env->text().trimmed().isEmpty()) {
        problem = tr("Name the environment variable that holds the key.");
    } else if (const QString file = m_configFile->text().trimmed();
               !file.isEmpty() && !QFileInfo(file).isReadable()) {
        problem = tr("Cannot read %1: name a config.yaml this account can read, or leave the "
                     "field empty to read the chain from the proxy.")
                      .arg(file);
    } else if (m_insecure->isChecked()) {
        problem = tr("Without certificate checks, anyone on the path can read the key.");
        blocking = false;
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (auto *buttons = findChild<QDialogButtonBox *>()) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty() || !blocking);
    }
}

} // namespace headroom::ui
