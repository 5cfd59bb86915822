#pragma once
// Settings: the proxies Headroom remembers (never their keys) with import and export of the
// list, the poll interval, whether to poll /health (and what it costs), and the headroom levels'
// thresholds. Shows and returns values; app/ loads and stores them.

#include "analysis/headroomlevel.h"
#include "proxyentry.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace headroom::ui {

struct SettingsValues {
    int pollIntervalSeconds = 5;
    bool pollHealth = false;
    HeadroomThresholds thresholds;
    int chartWindowMinutes = 5; // 5, 60 or 1440
    QList<ProxyEntry> proxies;
    friend bool operator==(const SettingsValues &, const SettingsValues &) = default;
};

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget *parent = nullptr);

    void setValues(const SettingsValues &values);
    SettingsValues values() const;
    // Why OK is disabled, empty when it is not.
    QString problem() const;

    // The list as import would leave it: appended, duplicates (same URL) replaced.
    void importProxies(const QList<ProxyEntry> &entries);
    void showFileProblem(const QString &text);

signals:
    // The operator chose a file; app/ reads or writes it and answers with importProxies() or
    // showFileProblem().
    void importRequested(const QString &path);
    void exportRequested(const QString &path, const QList<headroom::ui::ProxyEntry> &proxies);

private:
    void validate();
    void showProxies();
    void restoreDefaults();

    QList<ProxyEntry> m_proxies;
    QListWidget *m_proxyList;
    QSpinBox *m_interval;
    QCheckBox *m_health;
    QDoubleSpinBox *m_tight;
    QDoubleSpinBox *m_critical;
    QComboBox *m_chartWindow;
    QLabel *m_problem;
    QLabel *m_fileProblem;
    QDialogButtonBox *m_buttons;
};

} // namespace headroom::ui
