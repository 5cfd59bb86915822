#include "snapshot/snapshotreport.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTimeZone>
#include <set>

namespace headroom {

namespace {

constexpr double kSaturatedPerSec = 0.05; // predict's kMinRefusedPerSecond
constexpr std::size_t kMaxCharts = 8;
constexpr std::size_t kMaxGraphNodes = 60;

struct Point {
    qint64 timeMs = 0;
    double value = 0;
    qint64 spanMs = 0; // how long this value stood (for totals)
};

// A series over the whole window at the finest resolution each stretch has: the coarse tiers'
// buckets before the raw hour, then every raw sample (what the replay plays too).
std::vector<Point> timeline(const Snapshot &s, const SnapshotSeries *series)
{
    std::vector<Point> out;
    if (series == nullptr) {
        return out;
    }
    qint64 covered = std::numeric_limits<qint64>::max();
    for (std::size_t a = 0; a < s.axes.size() && a < series->tiers.size(); ++a) {
        const std::vector<qint64> &times = s.axes[a].timesMs;
        const std::vector<float> &mean = series->tiers[a].mean;
        const qint64 bucket = s.axes[a].spec.bucketMs;
        for (std::size_t i = 0; i < times.size() && i < mean.size() && times[i] < covered; ++i) {
            if (std::isnan(mean[i])) {
                continue;
            }
            qint64 span = bucket;
            if (bucket == 0) {
                span = i > 0 ? times[i] - times[i - 1]
                             : std::max<qint64>(s.environment.pollIntervalMs, 0);
            }
            out.push_back({times[i], double(mean[i]), span});
        }
        if (!times.empty()) {
            covered = std::min(covered, times.front());
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Point &a, const Point &b) { return a.timeMs < b.timeMs; });
    return out;
}

double total(const std::vector<Point> &points)
{
    double sum = 0;
    for (const Point &p : points) {
        sum += p.value * double(p.spanMs) / 1000.0;
    }
    return sum;
}

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

QString number(double v, int decimals = 1)
{
    if (std::abs(v) >= 1e6) {
        return QString::number(v / 1e6, 'f', 1) + u'M';
    }
    if (std::abs(v) >= 1e4) {
        return QString::number(v / 1e3, 'f', 0) + u'k';
    }
    return QString::number(v, 'f', decimals);
}

class Clock {
public:
    explicit Clock(const QString &zone)
        : m_zone(QTimeZone(zone.toUtf8()))
    {
        if (!m_zone.isValid()) {
            m_zone = QTimeZone::utc();
        }
    }
    QString at(qint64 ms, const QString &format = QStringLiteral("yyyy-MM-dd HH:mm:ss")) const
    {
        return QDateTime::fromMSecsSinceEpoch(ms, m_zone).toString(format);
    }
    QString zoneName() const { return QString::fromUtf8(m_zone.id()); }

private:
    QTimeZone m_zone;
};

QStringList groupNames(const Snapshot &s)
{
    std::set<QString> names;
    for (const SnapshotGroup &g : s.groups) {
        names.insert(g.group);
    }
    for (const SnapshotSeries &series : s.series) {
        if (series.key.scope == Scope::Group) {
            names.insert(series.key.name);
        }
    }
    return QStringList(names.begin(), names.end());
}

// ---- charts ----

QString chartSvg(const QString &title, const std::vector<Point> &usage,
                 const std::vector<Point> &limit, qint64 fromMs, qint64 toMs, const Clock &clock)
{
    constexpr double kW = 560;
    constexpr double kH = 170;
    constexpr double kLeft = 56;
    constexpr double kTop = 24;
    constexpr double kPlotW = kW - kLeft - 12;
    constexpr double kPlotH = kH - kTop - 28;
    double top = 1;
    for (const auto *points : {&usage, &limit}) {
        for (const Point &p : *points) {
            top = std::max(top, p.value);
        }
    }
    top *= 1.1;
    const double span = double(std::max<qint64>(toMs - fromMs, 1));
    const auto x = [&](qint64 t) {
        return kLeft + kPlotW * double(t - fromMs) / span;
    };
    const auto y = [&](double v) {
        return kTop + kPlotH * (1.0 - v / top);
    };
    // A line per stretch without a gap: a gap longer than three points' spacing breaks it.
    const auto path = [&](const std::vector<Point> &points) {
        QString d;
        qint64 last = 0;
        for (std::size_t i = 0; i < points.size(); ++i) {
            const Point &p = points[i];
            const bool gap = i == 0 || p.timeMs - last > 3 * std::max<qint64>(p.spanMs, 1000);
            d += QStringLiteral("%1%2,%3 ")
                     .arg(gap ? QStringLiteral("M") : QStringLiteral("L"))
                     .arg(x(p.timeMs), 0, 'f', 1)
                     .arg(y(p.value), 0, 'f', 1);
            last = p.timeMs;
        }
        return d.trimmed();
    };
    QString svg = QStringLiteral("<svg class=\"chart\" viewBox=\"0 0 %1 %2\" role=\"img\" "
                                 "aria-label=\"%3\" xmlns=\"http://www.w3.org/2000/svg\">")
                      .arg(kW)
                      .arg(kH)
                      .arg(esc(title));
    svg +=
        QStringLiteral("<text x=\"%1\" y=\"15\" class=\"t\">%2</text>").arg(kLeft).arg(esc(title));
    svg += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" class=\"plot\"/>")
               .arg(kLeft)
               .arg(kTop)
               .arg(kPlotW)
               .arg(kPlotH);
    for (int i = 0; i <= 4; ++i) {
        const double v = top * i / 4.0;
        svg += QStringLiteral("<line x1=\"%1\" x2=\"%2\" y1=\"%3\" y2=\"%3\" class=\"grid\"/>"
                              "<text x=\"%4\" y=\"%5\" class=\"ax\" text-anchor=\"end\">%6</text>")
                   .arg(kLeft)
                   .arg(kLeft + kPlotW)
                   .arg(y(v), 0, 'f', 1)
                   .arg(kLeft - 4)
                   .arg(y(v) + 4, 0, 'f', 1)
                   .arg(number(v, 0));
    }
    for (int i = 0; i <= 4; ++i) {
        const qint64 t = fromMs + qint64(span * i / 4.0);
        const QString anchor = i == 0   ? QStringLiteral("start")
                               : i == 4 ? QStringLiteral("end")
                                        : QStringLiteral("middle");
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" class=\"ax\" text-anchor=\"%3\">%4</text>")
                   .arg(x(t), 0, 'f', 1)
                   .arg(kH - 8)
                   .arg(anchor, clock.at(t, QStringLiteral("HH:mm:ss")));
    }
    if (!limit.empty()) {
        svg += QStringLiteral("<path class=\"limit\" d=\"%1\"/>").arg(path(limit));
    }
    if (!usage.empty()) {
        svg += QStringLiteral("<path class=\"usage\" d=\"%1\"/>").arg(path(usage));
    } else {
        svg += QStringLiteral("<text x=\"%1\" y=\"%2\" class=\"ax\">no data</text>")
                   .arg(kLeft + 8)
                   .arg(kTop + 20);
    }
    svg += QStringLiteral("</svg>");
    return svg;
}

std::vector<Point> perMinute(std::vector<Point> points)
{
    for (Point &p : points) {
        p.value *= 60.0;
    }
    return points;
}

// The group's usage as the board reads it: its deployments' attempts where they have counters,
// else what clients asked of it.
std::vector<Point> usageOf(const Snapshot &s, const QString &group, bool tokens)
{
    if (tokens) {
        return perMinute(timeline(s, s.find(SeriesKey::group(group, Metric::TokensPerSec))));
    }
    auto attempts = timeline(s, s.find(SeriesKey::group(group, Metric::AttemptsPerSec)));
    if (!attempts.empty()) {
        return perMinute(std::move(attempts));
    }
    return perMinute(timeline(s, s.find(SeriesKey::group(group, Metric::RequestsPerSec))));
}

// ---- the graph ----

// The most fallbacks/s an edge carried, succeeded and failed together (what the spike rule
// counts).
double edgePeak(const Snapshot &s, const QString &from, const QString &to)
{
    std::map<qint64, double> sum;
    for (const Metric m : {Metric::FallbacksPerSec, Metric::FailedFallbacksPerSec}) {
        for (const Point &p : timeline(s, s.find(SeriesKey::edge(from, to, m)))) {
            sum[p.timeMs] += p.value;
        }
    }
    double peak = 0;
    for (const auto &[t, v] : sum) {
        peak = std::max(peak, v);
    }
    return peak;
}

QString graphSvg(const Snapshot &s, const IncidentSummary &summary)
{
    const FallbackChain *chain = s.chainAt(s.toMs);
    const QStringList groups = groupNames(s);
    struct Link {
        QString from;
        QString to;
        int order = 0;
        double peak = 0; // fallbacks/s observed
    };
    std::vector<Link> links;
    if (chain != nullptr) {
        for (const ChainEdge &e : chain->edges(groups)) {
            if (e.kind == FallbackKind::General || e.kind == FallbackKind::Default) {
                links.push_back({e.from, e.to, e.order, 0});
            }
        }
    }
    for (const SnapshotSeries &series : s.series) {
        if (series.key.scope != Scope::Edge) {
            continue;
        }
        const double peak = edgePeak(s, series.key.name, series.key.to);
        auto it = std::find_if(links.begin(), links.end(), [&](const Link &l) {
            return l.from == series.key.name && l.to == series.key.to;
        });
        if (it == links.end()) {
            links.push_back({series.key.name, series.key.to, 0, peak});
        } else {
            it->peak = std::max(it->peak, peak);
        }
    }
    // The nodes: groups on a link, busiest links first when there are too many to draw.
    std::stable_sort(links.begin(), links.end(),
                     [](const Link &a, const Link &b) { return a.peak > b.peak; });
    std::vector<QString> nodes;
    std::map<QString, std::size_t> index;
    const auto add = [&](const QString &name) {
        if (index.count(name) == 0 && nodes.size() < kMaxGraphNodes) {
            index[name] = nodes.size();
            nodes.push_back(name);
        }
        return index.count(name) > 0;
    };
    for (const auto &sat : summary.saturated) {
        add(sat.group);
    }
    std::vector<Link> drawn;
    for (const Link &l : links) {
        if (add(l.from) && add(l.to)) {
            drawn.push_back(l);
        }
    }
    if (nodes.empty()) {
        return QStringLiteral("<p class=\"note\">No fallbacks are configured or observed.</p>");
    }
    // Columns by fallback depth (longest path, cycles cut after as many rounds as nodes).
    std::vector<int> depth(nodes.size(), 0);
    for (std::size_t round = 0; round < nodes.size(); ++round) {
        bool changed = false;
        for (const Link &l : drawn) {
            const std::size_t a = index[l.from];
            const std::size_t b = index[l.to];
            if (depth[b] < depth[a] + 1 && depth[a] + 1 < int(nodes.size())) {
                depth[b] = depth[a] + 1;
                changed = true;
            }
        }
        if (!changed) {
            break;
        }
    }
    std::map<int, int> rows;
    std::vector<std::pair<double, double>> at(nodes.size());
    constexpr double kNodeW = 170;
    constexpr double kNodeH = 34;
    constexpr double kColumn = 300; // node width and room for the edge's label
    constexpr double kTopRoom = 56; // for edges that leap over a column
    int maxRow = 0;
    int maxDepth = 0;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const int row = rows[depth[i]]++;
        maxRow = std::max(maxRow, row);
        maxDepth = std::max(maxDepth, depth[i]);
        at[i] = {20 + depth[i] * kColumn, kTopRoom + row * 64.0};
    }
    const double width = 40 + maxDepth * kColumn + kNodeW;
    const double height = kTopRoom + 40 + maxRow * 64.0 + kNodeH;
    std::map<QString, int> satOrder;
    for (std::size_t i = 0; i < summary.saturated.size(); ++i) {
        satOrder[summary.saturated[i].group] = int(i) + 1;
    }
    QString svg = QStringLiteral("<svg id=\"graph-svg\" class=\"graph\" viewBox=\"0 0 %1 %2\" "
                                 "width=\"%1\" role=\"img\" aria-label=\"fallback graph\" "
                                 "xmlns=\"http://www.w3.org/2000/svg\"><defs><marker id=\"arrow\" "
                                 "viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"9\" "
                                 "markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" "
                                 "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 "
                                 "z\" class=\"head\"/></marker></defs>")
                      .arg(width)
                      .arg(height);
    for (const Link &l : drawn) {
        const auto [ax, ay] = at[index[l.from]];
        const auto [bx, by] = at[index[l.to]];
        const double x1 = ax + kNodeW;
        const double y1 = ay + kNodeH / 2;
        const double x2 = bx;
        const double y2 = by + kNodeH / 2;
        QString d;
        const bool leaps = x2 > x1 + kColumn;
        if (leaps) { // over the columns between: an arc above them
            const double high = std::min(ay, by) - 44;
            d = QStringLiteral("M%1,%2 C%3,%4 %5,%4 %6,%7")
                    .arg(ax + kNodeW / 2)
                    .arg(ay)
                    .arg(ax + kNodeW / 2 + 40)
                    .arg(high)
                    .arg(bx + kNodeW / 2 - 40)
                    .arg(bx + kNodeW / 2)
                    .arg(by);
        } else if (x2 > x1) {
            const double mid = (x1 + x2) / 2;
            d = QStringLiteral("M%1,%2 C%3,%2 %3,%4 %5,%4")
                    .arg(x1)
                    .arg(y1)
                    .arg(mid)
                    .arg(y2)
                    .arg(x2);
        } else { // back or sideways: round the bottom
            const double low = std::max(ay, by) + kNodeH + 24;
            d = QStringLiteral("M%1,%2 C%3,%4 %5,%4 %6,%7")
                    .arg(ax + kNodeW / 2)
                    .arg(ay + kNodeH)
                    .arg(ax + kNodeW / 2)
                    .arg(low)
                    .arg(bx + kNodeW / 2)
                    .arg(bx + kNodeW / 2)
                    .arg(by + kNodeH);
        }
        const double strokeWidth = 1.2 + std::min(5.0, l.peak);
        svg += QStringLiteral("<path class=\"edge%1\" d=\"%2\" stroke-width=\"%3\" "
                              "marker-end=\"url(#arrow)\"><title>%4 → %5%6</title></path>")
                   .arg(l.peak > 0 ? QStringLiteral(" busy") : QString())
                   .arg(d)
                   .arg(strokeWidth, 0, 'f', 1)
                   .arg(esc(l.from), esc(l.to),
                        l.peak > 0 ? QStringLiteral(": up to %1 fallbacks/s").arg(number(l.peak, 2))
                                   : QString());
        const QString label =
            (l.order > 0 ? QStringLiteral("#%1").arg(l.order) : QString()) +
            (l.peak > 0 ? QStringLiteral(" %1/s").arg(number(l.peak, 1)) : QString());
        if (!label.isEmpty() && leaps) {
            svg += QStringLiteral("<text class=\"el\" x=\"%1\" y=\"%2\">%3</text>")
                       .arg((ax + bx + kNodeW) / 2 - 14)
                       .arg(std::min(ay, by) - 40)
                       .arg(esc(label.trimmed()));
        } else if (!label.isEmpty() && x2 > x1) {
            svg += QStringLiteral("<text class=\"el\" x=\"%1\" y=\"%2\">%3</text>")
                       .arg((x1 + x2) / 2 - 14)
                       .arg((y1 + y2) / 2 - 4)
                       .arg(esc(label.trimmed()));
        }
    }
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto [x, y] = at[i];
        const int order = satOrder.count(nodes[i]) > 0 ? satOrder[nodes[i]] : 0;
        QString name = nodes[i];
        if (name.size() > 22) {
            name = name.left(21) + u'…';
        }
        svg += QStringLiteral("<g class=\"node%1\"><rect x=\"%2\" y=\"%3\" width=\"%4\" "
                              "height=\"%5\" rx=\"5\"/><text x=\"%6\" y=\"%7\">%8</text>"
                              "<title>%9</title></g>")
                   .arg(order > 0 ? QStringLiteral(" saturated") : QString())
                   .arg(x)
                   .arg(y)
                   .arg(kNodeW)
                   .arg(kNodeH)
                   .arg(x + 10)
                   .arg(y + 22)
                   .arg(esc(order > 0 ? QStringLiteral("%1. %2").arg(order).arg(name) : name))
                   .arg(esc(nodes[i] + (order > 0 ? QStringLiteral(": saturated %1.").arg(order)
                                                  : QString())));
    }
    svg += QStringLiteral("</svg>");
    return svg;
}

const char *kStyle = R"(
body{font:14px/1.45 "DejaVu Sans",system-ui,sans-serif;margin:24px auto;max-width:1180px;
color:#1d2430;background:#fff;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dde6}
.meta{color:#5a6472;margin:0 0 12px}.replay{background:#eef3fb;border:1px solid #c5d4ec;
padding:8px 12px;border-radius:6px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;
border-bottom:1px solid #e6e9ef;vertical-align:top}th{background:#f5f7fa}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:12px}
.chart{width:100%;height:auto;background:#fff}.chart .plot{fill:#fafbfc;stroke:#d8dde6}
.chart .grid{stroke:#eceff3}.chart .ax{font-size:10px;fill:#5a6472}.chart .t{font-size:12px;
font-weight:bold;fill:#1d2430}.chart .usage{fill:none;stroke:#2f6fce;stroke-width:1.6}
.chart .limit{fill:none;stroke:#c0392b;stroke-width:1.2;stroke-dasharray:5 3}
.legend span{display:inline-block;margin-right:16px}.sw{display:inline-block;width:18px;height:3px;
vertical-align:middle;margin-right:4px}
.graph{max-width:100%;height:auto}.graph .node rect{fill:#f5f7fa;stroke:#8a94a3}
.graph .node.saturated rect{fill:#fde2df;stroke:#c0392b}.graph text{font-size:12px;fill:#1d2430}
.graph .edge{fill:none;stroke:#9aa3b0}.graph .edge.busy{stroke:#d9822b}.graph .head{fill:#7a8494}
.graph .el{font-size:10px;fill:#5a6472}
.sev-critical{color:#a11}.sev-warning{color:#9a5b00}.note{color:#5a6472}
)";

} // namespace

IncidentSummary summarizeSnapshot(const Snapshot &s)
{
    IncidentSummary summary;
    for (const QString &group : groupNames(s)) {
        const auto clients =
            timeline(s, s.find(SeriesKey::group(group, Metric::RateLimitedPerSec)));
        const auto refused =
            timeline(s, s.find(SeriesKey::group(group, Metric::RefusedAttemptsPerSec)));
        std::optional<qint64> first;
        for (const auto *points : {&clients, &refused}) {
            for (const Point &p : *points) {
                if (p.value >= kSaturatedPerSec) {
                    first = std::min(first.value_or(p.timeMs), p.timeMs);
                    break;
                }
            }
        }
        if (first) {
            summary.saturated.push_back({group, *first});
        }
        const double c = total(clients);
        const double r = total(refused);
        if (c > 0 || r > 0) {
            summary.refusals.push_back({group, c, r});
        }
    }
    std::stable_sort(summary.saturated.begin(), summary.saturated.end(),
                     [](const auto &a, const auto &b) { return a.firstMs < b.firstMs; });
    std::stable_sort(summary.refusals.begin(), summary.refusals.end(),
                     [](const auto &a, const auto &b) {
                         return std::max(a.clients429, a.refusedAttempts) >
                                std::max(b.clients429, b.refusedAttempts);
                     });
    for (const SnapshotPrediction &p : s.predictions) {
        if (p.prediction.isCascade()) {
            summary.predictedPath = p.prediction.path;
        }
    }
    for (const Event &e : s.events) {
        if (e.kind != EventKind::FallbackSpike) {
            continue;
        }
        summary.spikes.push_back(
            {e.timeMs, e.edgeFrom, e.edgeTo, edgePeak(s, e.edgeFrom, e.edgeTo), e.message});
    }
    return summary;
}

QByteArray snapshotReportHtml(const Snapshot &s)
{
    const IncidentSummary summary = summarizeSnapshot(s);
    const Clock clock(s.environment.timeZone);
    const SnapshotEnvironment &env = s.environment;
    const QString proxy =
        env.proxyHost.isEmpty() ? QStringLiteral("an unnamed proxy") : env.proxyHost;
    QString h;
    h += QStringLiteral("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                        "'none'; style-src 'unsafe-inline'\">"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                        "<title>Headroom snapshot: %1</title><style>%2</style></head><body>")
             .arg(esc(proxy), QString::fromUtf8(kStyle));
    h += QStringLiteral("<h1>Incident snapshot of %1</h1>").arg(esc(proxy));
    h += QStringLiteral("<p class=\"meta replay\">Recorded from %1 to %2 (%3). Exported %4 by "
                        "Headroom %5; LiteLLM %6; polled every %7 s.</p>")
             .arg(clock.at(s.fromMs), clock.at(s.toMs, QStringLiteral("HH:mm:ss")),
                  esc(clock.zoneName()), clock.at(env.exportedAtMs),
                  esc(env.headroomVersion.isEmpty() ? QStringLiteral("(unknown)")
                                                    : env.headroomVersion),
                  esc(env.proxyVersion.isEmpty() ? QStringLiteral("(version unknown)")
                                                 : env.proxyVersion))
             .arg(double(env.pollIntervalMs) / 1000.0, 0, 'g', 3);

    // Summary.
    h += QStringLiteral("<section id=\"summary\"><h2>Summary</h2><ul>");
    if (summary.saturated.empty()) {
        h += QStringLiteral("<li id=\"first-saturated\">No group saturated in this window "
                            "(no 429s at 0.05/s or more).</li>");
    } else {
        h += QStringLiteral("<li id=\"first-saturated\"><b>%1</b> saturated first, at %2.</li>")
                 .arg(esc(summary.saturated.front().group),
                      clock.at(summary.saturated.front().firstMs, QStringLiteral("HH:mm:ss")));
        QStringList path;
        for (const auto &sat : summary.saturated) {
            path << QStringLiteral("%1 (%2)").arg(
                esc(sat.group), clock.at(sat.firstMs, QStringLiteral("HH:mm:ss")));
        }
        h += QStringLiteral("<li id=\"cascade-path\">Cascade path as it happened: %1.</li>")
                 .arg(path.join(QStringLiteral(" → ")));
    }
    if (!summary.predictedPath.isEmpty()) {
        QStringList path;
        for (const QString &g : summary.predictedPath) {
            path << esc(g);
        }
        h += QStringLiteral(
                 "<li id=\"predicted-path\">The last cascade Headroom predicted: %1.</li>")
                 .arg(path.join(QStringLiteral(" → ")));
    }
    if (summary.spikes.empty()) {
        h += QStringLiteral("<li id=\"spikes\">No fallback spike.</li>");
    } else {
        QStringList spikes;
        for (const auto &sp : summary.spikes) {
            spikes << QStringLiteral("%1 → %2 at %3 (up to %4/s)")
                          .arg(esc(sp.from), esc(sp.to),
                               clock.at(sp.timeMs, QStringLiteral("HH:mm:ss")),
                               number(sp.peakPerSec, 2));
        }
        h += QStringLiteral("<li id=\"spikes\">Fallbacks spiked: %1.</li>")
                 .arg(spikes.join(QStringLiteral("; ")));
    }
    if (s.pushes.empty()) {
        h += QStringLiteral("<li id=\"pushes\">No change was pushed from Headroom in this "
                            "window.</li>");
    } else {
        QStringList pushes;
        for (const SnapshotPush &p : s.pushes) {
            pushes << QStringLiteral("%1: %2 (%3)")
                          .arg(clock.at(p.timeMs, QStringLiteral("HH:mm:ss")), esc(p.summary),
                               esc(p.outcome));
        }
        h += QStringLiteral("<li id=\"pushes\">Pushed: %1.</li>")
                 .arg(pushes.join(QStringLiteral("; ")));
    }
    h += QStringLiteral("</ul>");
    h += QStringLiteral("<table id=\"refusals\"><thead><tr><th>Group</th><th>429s to clients</th>"
                        "<th>Attempts refused (429)</th></tr></thead><tbody>");
    if (summary.refusals.empty()) {
        h += QStringLiteral(
            "<tr><td colspan=\"3\" class=\"note\">No 429s in this window.</td></tr>");
    }
    for (const auto &r : summary.refusals) {
        h += QStringLiteral("<tr><td>%1</td><td class=\"n\">%2</td><td class=\"n\">%3</td></tr>")
                 .arg(esc(r.group), number(r.clients429, 0), number(r.refusedAttempts, 0));
    }
    h += QStringLiteral("</tbody></table></section>");

    // Charts: the groups that saturated, then those with the most 429s, then the busiest.
    QStringList chartGroups;
    for (const auto &sat : summary.saturated) {
        chartGroups << sat.group;
    }
    for (const auto &r : summary.refusals) {
        if (!chartGroups.contains(r.group)) {
            chartGroups << r.group;
        }
    }
    if (qsizetype(chartGroups.size()) < qsizetype(kMaxCharts)) {
        std::vector<std::pair<double, QString>> busiest;
        for (const QString &g : groupNames(s)) {
            double peak = 0;
            for (const Point &p : usageOf(s, g, false)) {
                peak = std::max(peak, p.value);
            }
            busiest.emplace_back(-peak, g);
        }
        std::sort(busiest.begin(), busiest.end());
        for (const auto &[peak, g] : busiest) {
            if (!chartGroups.contains(g)) {
                chartGroups << g;
            }
        }
    }
    chartGroups = chartGroups.mid(0, qsizetype(kMaxCharts));
    h += QStringLiteral("<section id=\"charts\"><h2>RPM and TPM</h2><p class=\"legend\"><span>"
                        "<i class=\"sw\" style=\"background:#2f6fce\"></i>used per minute</span>"
                        "<span><i class=\"sw\" style=\"background:#c0392b\"></i>limit</span>%1</p>"
                        "<div class=\"charts\">")
             .arg(groupNames(s).size() > chartGroups.size()
                      ? QStringLiteral("<span class=\"note\">%1 of %2 groups: those that "
                                       "saturated or refused, then the busiest.</span>")
                            .arg(chartGroups.size())
                            .arg(groupNames(s).size())
                      : QString());
    for (const QString &g : chartGroups) {
        h += chartSvg(g + QStringLiteral(" — requests/min"), usageOf(s, g, false),
                      timeline(s, s.find(SeriesKey::group(g, Metric::RpmLimit))), s.fromMs, s.toMs,
                      clock);
        h += chartSvg(g + QStringLiteral(" — tokens/min"), usageOf(s, g, true),
                      timeline(s, s.find(SeriesKey::group(g, Metric::TpmLimit))), s.fromMs, s.toMs,
                      clock);
    }
    h += QStringLiteral("</div></section>");

    h += QStringLiteral("<section id=\"graph\"><h2>Fallback graph</h2><p class=\"note\">The chain "
                        "in force at the end of the window; groups in red saturated (numbered in "
                        "order), orange edges carried fallbacks (width: the peak rate).</p>%1"
                        "</section>")
             .arg(graphSvg(s, summary));

    h += QStringLiteral("<section id=\"events\"><h2>Events (%1)</h2><table><thead><tr><th>Time"
                        "</th><th>Severity</th><th>Kind</th><th>What happened</th></tr></thead>"
                        "<tbody>")
             .arg(s.events.size());
    for (const Event &e : s.events) {
        h +=
            QStringLiteral("<tr class=\"sev-%1\"><td>%2</td><td>%1</td><td>%3</td><td>%4</td></tr>")
                .arg(severityName(e.severity), clock.at(e.timeMs), eventKindName(e.kind),
                     esc(e.message));
    }
    if (s.events.empty()) {
        h += QStringLiteral("<tr><td colspan=\"4\" class=\"note\">No events.</td></tr>");
    }
    h += QStringLiteral("</tbody></table></section><p class=\"note\">Open the .headroom file "
                        "beside this report in Headroom to replay it.</p></body></html>\n");
    return h.toUtf8();
}

QString reportPathFor(const QString &snapshotPath)
{
    const QFileInfo info(snapshotPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".html"));
}

} // namespace headroom
