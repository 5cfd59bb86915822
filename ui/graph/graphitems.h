#pragma once
// The fallback graph's scene items: a node per model group (name, RPM/TPM headroom bars,
// 429s, cooldown badge, prediction, findings), an edge per fallback (order, kind by line style,
// traffic by width and label) and a pool outline. Each paints a style read from the graph model,
// restyled in place on dataChanged.

#include "analysis/headroomlevel.h"
#include "chain/fallbackchain.h"
#include "draft/draftoverlay.h"
#include "itemmodels/fallbackgraphmodel.h"

#include <optional>
#include <QGraphicsItem>
#include <QPainterPath>

namespace headroom::ui {

struct NodeStyle {
    QString name;
    bool known = true;
    std::optional<double> rpmFraction;
    HeadroomLevel rpmLevel = HeadroomLevel::Unknown;
    QString rpmText;
    std::optional<double> tpmFraction;
    HeadroomLevel tpmLevel = HeadroomLevel::Unknown;
    QString tpmText;
    HeadroomLevel level = HeadroomLevel::Unknown;
    std::optional<double> deployment429;
    std::optional<double> client429;
    int cooling = 0;
    int deployments = 0;
    qint64 coolingUntilMs = 0;
    bool predicted = false;
    std::optional<double> predictedIn;
    QString fedBy;
    int findings = 0;
    std::optional<int> findingSeverity;

    static NodeStyle from(const QModelIndex &group);
    friend bool operator==(const NodeStyle &, const NodeStyle &) = default;
};

struct EdgeStyle {
    FallbackKind kind = FallbackKind::General;
    int order = 0;
    EdgeOrigin origin = EdgeOrigin::Configured;
    std::optional<double> traffic;
    std::optional<double> failedShare;
    bool predicted = false;
    std::optional<double> predictedIn;
    std::optional<double> predictedTraffic;
    int findings = 0;
    // While a draft is edited: what the draft does to this edge (drawn by line, mark and text).
    EdgeChange change = EdgeChange::Unchanged;
    int liveOrder = 0;                             // Moved: its place in the chain in force
    FallbackKind liveKind = FallbackKind::General; // KindChanged: its kind in force

    static EdgeStyle from(const QModelIndex &edge);
    QString label() const; // "1st · 4.0/s · 25% failed"
    friend bool operator==(const EdgeStyle &, const EdgeStyle &) = default;
};

// Okabe–Ito colours of the board (HeadroomBarDelegate), by level.
QColor levelColor(HeadroomLevel level);

class GraphNodeItem : public QGraphicsItem {
public:
    GraphNodeItem(const QString &group, QSizeF size);

    const QString &group() const { return m_group; }
    void setStyle(NodeStyle style); // repaints only if it changed
    const NodeStyle &style() const { return m_style; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void paintBar(QPainter *painter, QRectF row, const QString &what,
                  std::optional<double> fraction, HeadroomLevel level, const QString &text) const;

    QString m_group;
    QSizeF m_size;
    NodeStyle m_style;
};

class GraphEdgeItem : public QGraphicsItem {
public:
    GraphEdgeItem(QString from, QString to, FallbackKind kind, const QPainterPath &path,
                  QPointF arrowTip, QPointF labelAt);

    const QString &from() const { return m_from; }
    const QString &to() const { return m_to; }
    FallbackKind kind() const { return m_kind; }
    void setStyle(EdgeStyle style);
    const EdgeStyle &style() const { return m_style; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // Line style per fallback kind: the legend draws the same.
    static Qt::PenStyle penStyle(FallbackKind kind);
    // The mark drawn on an edge the draft changes: "+", "×", "↕", "⇄"; empty if unchanged.
    static QString changeMark(EdgeChange change);

private:
    QString m_from;
    QString m_to;
    FallbackKind m_kind;
    QPainterPath m_path;
    QPointF m_tip;
    QPointF m_labelAt;
    EdgeStyle m_style;
    QString m_label;    // m_style.label(), made once per restyle
    QRectF m_labelRect; // where it is drawn
    QRectF m_bounds;
};

// A dashed outline around the groups of one quota pool, labelled with what they share.
class GraphPoolItem : public QGraphicsItem {
public:
    GraphPoolItem(QRectF outline, QString label);
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QRectF m_outline;
    QString m_label;
};

} // namespace headroom::ui
