#include "proxydialog.h"

#include "prom/fleetqueries.h"

#include <QCheckBox>
#include <QComboBox>
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
    , m_fleet(new QCheckBox(tr("Watch a fleet of replicas through Prometheus"), this))
    , m_promUrl(new QLineEdit(this))
    , m_matchers(new QLineEdit(this))
    , m_promAuth(new QComboBox(this))
    , m_promUser(new QLineEdit(this))
    , m_promSecret(new QLineEdit(this))
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
    m_fleet->setToolTip(
        tr("Read every replica's metrics through the Prometheus that scrapes them: counters "
           "summed across replicas, remaining quota the lowest replica's view. The proxy URL "
           "above then names the replica for the groups, limits and chain (optional)."));
    m_promUrl->setPlaceholderText(QStringLiteral("http://prometheus.internal:9090"));
    m_matchers->setPlaceholderText(QStringLiteral("optional: job=\"litellm\""));
    m_promAuth->addItem(tr("No authentication"));
    m_promAuth->addItem(tr("Bearer token"));
    m_promAuth->addItem(tr("User and password"));
    m_promUser->setPlaceholderText(tr("user"));
    m_promSecret->setEchoMode(QLineEdit::Password);
    m_promSecret->setPlaceholderText(tr("stored in the keychain, never on disk"));
    m_useKeychain->setChecked(true);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #D55E00"));

    auto *form = new QFormLayout;
    // Rows without a label of their own are named for screen readers.
    m_key->setAccessibleName(tr("Key to keep in the keychain"));
    m_env->setAccessibleName(tr("Environment variable holding the key"));
    m_promUser->setAccessibleName(tr("Prometheus user"));
    m_promSecret->setAccessibleName(tr("Prometheus token or password"));
    form->addRow(tr("Proxy &URL:"), m_url);
    form->addRow(tr("Key from:"), m_useKeychain);
    form->addRow(QString(), m_key);
    form->addRow(QString(), m_useEnv);
    form->addRow(QString(), m_env);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Fallback chain from &file:"), m_configFile);
    form->addRow(QString(), m_fleet);
    form->addRow(tr("&Prometheus URL:"), m_promUrl);
    form->addRow(tr("Label &matchers:"), m_matchers);
    form->addRow(tr("Prometheus auth:"), m_promAuth);
    form->addRow(QString(), m_promUser);
    form->addRow(QString(), m_promSecret);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);

    connect(m_fleet, &QCheckBox::toggled, this, &ProxyDialog::validate);
    connect(m_promAuth, &QComboBox::currentIndexChanged, this, &ProxyDialog::validate);
    for (QLineEdit *edit :
         {m_url, m_env, m_key, m_configFile, m_promUrl, m_matchers, m_promUser, m_promSecret}) {
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
    m_fleet->setChecked(entry.isFleet());
    m_promUrl->setText(entry.prometheusUrl.toString(QUrl::RemoveUserInfo));
    m_matchers->setText(entry.matchers);
    m_promAuth->setCurrentIndex(int(entry.prometheusAuth));
    m_promUser->setText(entry.prometheusUser);
    validate();
}

ProxyEntry ProxyDialog::entry() const
{
    ProxyEntry entry;
    entry.url =
        m_url->text().trimmed().isEmpty() ? QUrl() : QUrl::fromUserInput(m_url->text().trimmed());
    if (m_fleet->isChecked()) {
        entry.prometheusUrl = QUrl::fromUserInput(m_promUrl->text().trimmed());
        entry.matchers = m_matchers->text().trimmed();
        entry.prometheusAuth = ProxyEntry::PrometheusAuth(m_promAuth->currentIndex());
        entry.prometheusUser = entry.prometheusAuth == ProxyEntry::PrometheusAuth::Basic
                                   ? m_promUser->text().trimmed()
                                   : QString();
    }
    entry.keyEnv = m_useEnv->isChecked() ? m_env->text().trimmed() : QString();
    entry.insecureTls = m_insecure->isChecked();
    entry.configFile = m_configFile->text().trimmed();
    return entry;
}

QString ProxyDialog::typedKey() const
{
    return m_useKeychain->isChecked() ? m_key->text().trimmed() : QString();
}

QString ProxyDialog::typedPrometheusSecret() const
{
    return m_fleet->isChecked() && m_promAuth->currentIndex() != 0 ? m_promSecret->text()
                                                                   : QString();
}

void ProxyDialog::validate()
{
    m_key->setEnabled(m_useKeychain->isChecked());
    m_env->setEnabled(m_useEnv->isChecked());
    const bool fleet = m_fleet->isChecked();
    if (auto *form = findChild<QFormLayout *>()) {
        if (auto *label = qobject_cast<QLabel *>(form->labelForField(m_url))) {
            // For a fleet the URL is one replica's, for its groups, limits and chain.
            label->setText(fleet ? tr("Admin &replica URL:") : tr("Proxy &URL:"));
        }
    }
    for (QWidget *w : std::initializer_list<QWidget *>{m_promUrl, m_matchers, m_promAuth}) {
        w->setEnabled(fleet);
    }
    m_promUser->setEnabled(fleet && m_promAuth->currentIndex() == 2);
    m_promSecret->setEnabled(fleet && m_promAuth->currentIndex() != 0);
    m_promSecret->setPlaceholderText(m_promAuth->currentIndex() == 2
                                         ? tr("password (stored in the keychain, never on disk)")
                                         : tr("token (stored in the keychain, never on disk)"));
    m_url->setPlaceholderText(fleet ? tr("optional: a replica, e.g. https://litellm-0:4000")
                                    : QStringLiteral("https://litellm.internal:4000"));
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    const QUrl promUrl = QUrl::fromUserInput(m_promUrl->text().trimmed());
    const QString matcherProblem = fleet ? prom::checkMatchers(m_matchers->text()) : QString();
    QString problem;
    bool blocking = true;
    if (fleet && m_promUrl->text().trimmed().isEmpty()) {
        problem = tr("Enter Prometheus' base URL.");
    } else if (fleet && (!promUrl.isValid() ||
                         (promUrl.scheme() != u"http" && promUrl.scheme() != u"https"))) {
        problem = tr("Prometheus' URL must start with http:// or https://.");
    } else if (!matcherProblem.isEmpty()) {
        problem = tr("Label matchers: %1.").arg(matcherProblem);
    } else if (fleet && m_promAuth->currentIndex() == 2 && m_promUser->text().trimmed().isEmpty()) {
        problem = tr("Enter the user for Prometheus' basic auth.");
    } else if (!fleet && m_url->text().trimmed().isEmpty()) {
        problem = tr("Enter the proxy's base URL.");
    } else if (!m_url->text().trimmed().isEmpty() &&
               (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https"))) {
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
