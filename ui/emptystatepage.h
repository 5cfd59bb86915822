#pragma once
// A full-page message for states with nothing to show yet (no proxy, loading, errors): what is
// going on, and what the operator can do next.

#include <QWidget>

class QLabel;

namespace headroom::ui {

class EmptyStatePage : public QWidget {
    Q_OBJECT
public:
    explicit EmptyStatePage(QWidget *parent = nullptr);

    void setContent(const QString &title, const QString &explanation, const QString &nextStep);

    QString title() const;
    QString explanation() const;
    QString nextStep() const;

private:
    QLabel *m_icon = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_explanation = nullptr;
    QLabel *m_nextStep = nullptr;
};

} // namespace headroom::ui
