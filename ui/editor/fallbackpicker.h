#pragma once
// The keyboard way to add a fallback: a small popup over the graph with the groups, filtered as
// the operator types, and the kind of fallback; Enter adds the highlighted group, Esc closes.

#include "chain/fallbackchain.h"

#include <QFrame>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;

namespace headroom::ui {

class FallbackPicker : public QFrame {
    Q_OBJECT
public:
    explicit FallbackPicker(QWidget *parent = nullptr);

    // Opens for `from` with the groups it may fall back to (itself left out), the filter empty.
    void open(const QString &from, const QStringList &groups);
    QString from() const { return m_from; }
    QLineEdit *filter() const { return m_filter; }
    QListWidget *list() const { return m_list; }
    QComboBox *kind() const { return m_kind; }

signals:
    void picked(const QString &from, const QString &to, headroom::FallbackKind kind);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refilter();
    void accept();

    QString m_from;
    QStringList m_groups;
    QLabel *m_title;
    QLineEdit *m_filter;
    QListWidget *m_list;
    QComboBox *m_kind;
};

} // namespace headroom::ui
