#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace headroom::ui {

SettingsDialog::SettingsDialog(QWidget *parent)
    : QDialog(parent)
    , m_proxyList(new QListWidget(this))
    , m_interval(new QSpinBox(this))
    , m_health(new QCheckBox(tr("Poll /health with every model refresh"), this))
    , m_tight(new QDoubleSpinBox(this))
    , m_critical(new QDoubleSpinBox(this))
    , m_chartWindow(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_fileProblem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel |
                                         QDialogButtonBox::RestoreDefaults,
                                     this))
{
    setWindowTitle(tr("Settings"));
    setAccessibleName(tr("Settings"));
    auto *layout = new QVBoxLayout(this);

    auto *proxies = new QGroupBox(tr("Proxies"), this);
    auto *proxyLayout = new QVBoxLayout(proxies);
    auto *proxyNote = new QLabel(tr("The proxies Headroom remembers, most recent first. Their "
                                    "keys stay in the keychain or the environment: neither this "
                                    "list nor an exported file holds one."),
                                 proxies);
    proxyNote->setWordWrap(true);
    proxyLayout->addWidget(proxyNote);
    m_proxyList->setAccessibleName(tr("Remembered proxies"));
    m_proxyList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    proxyLayout->addWidget(m_proxyList);
    auto *proxyButtons = new QHBoxLayout;
    auto *remove = new QPushButton(tr("&Remove"), proxies);
    auto *import = new QPushButton(tr("&Import…"), proxies);
    auto *exportButton = new QPushButton(tr("E&xport…"), proxies);
    remove->setAccessibleDescription(tr("Forget the selected proxies"));
    import->setAccessibleDescription(tr("Add proxies from a Headroom proxy list file"));
    exportButton->setAccessibleDescription(
        tr("Write the list to a file, without keys, for a teammate"));
    proxyButtons->addWidget(remove);
    proxyButtons->addStretch();
    proxyButtons->addWidget(import);
    proxyButtons->addWidget(exportButton);
    proxyLayout->addLayout(proxyButtons);
    m_fileProblem->setWordWrap(true);
    m_fileProblem->hide();
    proxyLayout->addWidget(m_fileProblem);
    layout->addWidget(proxies);

    auto *polling = new QGroupBox(tr("Polling"), this);
    auto *pollForm = new QFormLayout(polling);
    m_interval->setRange(1, 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setAccessibleName(tr("Poll interval in seconds"));
    pollForm->addRow(tr("Poll &every:"), m_interval);
    m_health->setAccessibleDescription(tr("GET /health makes a real LLM call to every deployment"));
    pollForm->addRow(QString(), m_health);
    auto *healthCost = new QLabel(tr("LiteLLM answers /health by calling every deployment: each "
                                     "poll of it spends a request and tokens of the very quota "
                                     "you are watching, on every deployment, and can take tens "
                                     "of seconds. Off unless you need deployment health."),
                                  polling);
    healthCost->setWordWrap(true);
    pollForm->addRow(QString(), healthCost);
    auto *applies =
        new QLabel(tr("Polling settings apply from the next proxy you watch."), polling);
    pollForm->addRow(QString(), applies);
    layout->addWidget(polling);

    auto *levels = new QGroupBox(tr("Headroom levels"), this);
    auto *levelForm = new QFormLayout(levels);
    for (QDoubleSpinBox *box : {m_tight, m_critical}) {
        box->setRange(1, 99);
        box->setDecimals(0);
        box->setSuffix(tr(" % left"));
    }
    m_tight->setAccessibleName(tr("Tight at or below this share of the limit left"));
    m_critical->setAccessibleName(tr("Critical at or below this share of the limit left"));
    levelForm->addRow(tr("&Tight at or below:"), m_tight);
    levelForm->addRow(tr("&Critical at or below:"), m_critical);
    layout->addWidget(levels);

    auto *charts = new QGroupBox(tr("Charts"), this);
    auto *chartForm = new QFormLayout(charts);
    m_chartWindow->addItem(tr("Last 5 minutes"), 5);
    m_chartWindow->addItem(tr("Last hour"), 60);
    m_chartWindow->addItem(tr("Last 24 hours"), 1440);
    chartForm->addRow(tr("Charts &open on:"), m_chartWindow);
    layout->addWidget(charts);

    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            &SettingsDialog::restoreDefaults);
    for (QDoubleSpinBox *box : {m_tight, m_critical}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, &SettingsDialog::validate);
    }
    connect(remove, &QPushButton::clicked, this, [this] {
        QList<int> rows;
        for (const QListWidgetItem *item : m_proxyList->selectedItems()) {
            rows << m_proxyList->row(item);
        }
        std::sort(rows.begin(), rows.end(), std::greater<>());
        for (const int row : rows) {
            m_proxies.removeAt(row);
        }
        showProxies();
    });
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Proxies"), QString(),
                                                          tr("Headroom proxy lists (*.json)"));
        if (!path.isEmpty()) {
            emit importRequested(path);
        }
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Proxies"),
                                                          QStringLiteral("headroom-proxies.json"),
                                                          tr("Headroom proxy lists (*.json)"));
        if (!path.isEmpty()) {
            emit exportRequested(path, m_proxies);
        }
    });
    setValues({});
}

void SettingsDialog::setValues(const SettingsValues &values)
{
    m_proxies = values.proxies;
    showProxies();
    m_interval->setValue(values.pollIntervalSeconds);
    m_health->setChecked(values.pollHealth);
    m_tight->setValue(values.thresholds.tight * 100);
    m_critical->setValue(values.thresholds.critical * 100);
    m_chartWindow->setCurrentIndex(std::max(0, m_chartWindow->findData(values.chartWindowMinutes)));
    validate();
}

SettingsValues SettingsDialog::values() const
{
    SettingsValues v;
    v.proxies = m_proxies;
    v.pollIntervalSeconds = m_interval->value();
    v.pollHealth = m_health->isChecked();
    v.thresholds.tight = m_tight->value() / 100.0;
    v.thresholds.critical = m_critical->value() / 100.0;
    v.chartWindowMinutes = m_chartWindow->currentData().toInt();
    return v;
}

QString SettingsDialog::problem() const
{
    return m_problem->isHidden() ? QString() : m_problem->text();
}

void SettingsDialog::importProxies(const QList<ProxyEntry> &entries)
{
    for (const ProxyEntry &entry : entries) {
        m_proxies.removeIf([&entry](const ProxyEntry &e) { return e.url == entry.url; });
        m_proxies.append(entry);
    }
    m_fileProblem->hide();
    showProxies();
}

void SettingsDialog::showFileProblem(const QString &text)
{
    m_fileProblem->setText(text);
    m_fileProblem->show();
}

void SettingsDialog::validate()
{
    HeadroomThresholds t;
    t.tight = m_tight->value() / 100.0;
    t.critical = m_critical->value() / 100.0;
    const bool fine = t.valid();
    m_problem->setText(fine ? QString()
                            : tr("\"Critical\" must begin below \"tight\": with %1 % and %2 %, "
                                 "no group could ever be tight.")
                                  .arg(m_critical->value())
                                  .arg(m_tight->value()));
    m_problem->setVisible(!fine);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(fine);
}

void SettingsDialog::showProxies()
{
    m_proxyList->clear();
    for (const ProxyEntry &entry : m_proxies) {
        QString text = entry.label();
        text += entry.keyEnv.isEmpty() ? tr(" — key in the keychain")
                                       : tr(" — key from $%1").arg(entry.keyEnv);
        m_proxyList->addItem(text);
    }
}

void SettingsDialog::restoreDefaults()
{
    SettingsValues defaults;
    defaults.proxies = m_proxies; // the list is the operator's, not a setting to reset
    setValues(defaults);
}

} // namespace headroom::ui
