#include "graphview.h"

#include "graphcanvas.h"
#include "graphlegend.h"
#include "graphscene.h"

#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QVBoxLayout>

namespace headroom::ui {

namespace {

QString originText(const FallbackChain *chain)
{
    if (chain == nullptr) {
        return QObject::tr("The fallback chain has not been read: the edges drawn are the "
                           "fallbacks the proxy's metrics show (configured or not, unknown).");
    }
    if (!chain->origin.problem.isEmpty()) {
        return QObject::tr("The chain could not be read: %1").arg(chain->origin.problem);
    }
    switch (chain->origin.kind) {
    case ChainOrigin::Kind::ProxyAdmin:
        return QObject::tr("Chain read from the proxy (%1).").arg(chain->origin.where);
    case ChainOrigin::Kind::ConfigFile:
        return QObject::tr("Chain read from %1.").arg(chain->origin.where);
    case ChainOrigin::Kind::Scenario:
        return QObject::tr("Chain of the simulator's scenario.");
    case ChainOrigin::Kind::Unknown:
        break;
    }
    return QObject::tr("Where the chain came from is unknown.");
}

QString severityText(ChainFinding::Severity severity)
{
    switch (severity) {
    case ChainFinding::Severity::Error:
        return QObject::tr("error");
    case ChainFinding::Severity::Warning:
        return QObject::tr("warning");
    case ChainFinding::Severity::Info:
        return QObject::tr("note");
    }
    return {};
}

} // namespace

GraphView::GraphView(QWidget *parent)
    : QWidget(parent)
    , m_model(new FallbackGraphModel(this))
    , m_scene(new GraphScene(m_model, this))
    , m_canvas(new GraphCanvas(m_scene, this))
    , m_summary(new QLabel(this))
    , m_origin(new QLabel(this))
    , m_problem(new QLabel(this))
    , m_findings(new QListWidget(this))
{
    setObjectName(QStringLiteral("graphView"));
    auto *panel = new QWidget(this);
    auto *side = new QVBoxLayout(panel);
    side->setContentsMargins(8, 4, 4, 4);
    m_summary->setWordWrap(true);
    m_summary->setObjectName(QStringLiteral("graphSummary"));
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_origin->setWordWrap(true);
    m_origin->setObjectName(QStringLiteral("graphOrigin"));
    m_findings->setObjectName(QStringLiteral("graphFindings"));
    m_findings->setWordWrap(true);
    m_findings->setAlternatingRowColors(true);
    auto *findingsTitle = new QLabel(tr("Findings"), panel);
    findingsTitle->setFont(bold);
    auto *keys = new QLabel(tr("Ctrl+wheel or Ctrl++ / Ctrl+− zoom · drag to pan · F fit · "
                               "arrows and Tab move between groups"),
                            panel);
    keys->setWordWrap(true);
    QFont small = keys->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    keys->setFont(small);
    side->addWidget(m_summary);
    side->addWidget(m_origin);
    side->addWidget(m_problem);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("graphProblem"));
    m_problem->hide();
    side->addWidget(new GraphLegend(panel));
    side->addWidget(findingsTitle);
    side->addWidget(m_findings, 1);
    side->addWidget(keys);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_canvas);
    split->addWidget(panel);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 0);
    split->setSizes({900, 300});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_scene, &GraphScene::groupSelected, this, &GraphView::groupSelected);
    connect(m_scene, &GraphScene::layoutFailed, this, [this](const QString &reason) {
        m_problem->setText(tr("The graph could not be laid out: %1. The groups and their "
                              "figures are on the board (Ctrl+1).")
                               .arg(reason));
        m_problem->show();
    });
    connect(m_scene, &GraphScene::laidOut, m_problem, &QWidget::hide);
    connect(m_findings, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const QString group = item->data(Qt::UserRole).toString();
        if (!group.isEmpty()) {
            m_scene->selectGroup(group, /*notify=*/true);
        }
    });
    connect(m_findings, &QListWidget::itemClicked, m_findings, &QListWidget::itemActivated);
    updatePanel({}, {});
}

GraphView::~GraphView() = default;

void GraphView::refresh(const FallbackGraphInput &input, const QString &summary)
{
    if (input.store != nullptr) {
        m_model->update(input);
    }
    updatePanel(input, summary);
}

void GraphView::clear()
{
    m_model->clear();
    updatePanel({}, {});
}

void GraphView::updatePanel(const FallbackGraphInput &input, const QString &summary)
{
    QString headline = summary;
    if (headline.isEmpty() && input.prediction != nullptr && !input.prediction->path.isEmpty()) {
        const QStringList &path = input.prediction->path;
        constexpr qsizetype kShown = 6; // a fleet-wide cascade would fill the panel
        QString groups = path.mid(0, kShown).join(QStringLiteral(" → "));
        if (path.size() > kShown) {
            groups += tr(" → … (%n more)", nullptr, int(path.size() - kShown));
        }
        headline = tr("Predicted to saturate: %1").arg(groups);
    }
    if (headline.isEmpty()) {
        headline = input.prediction != nullptr ? tr("No cascade predicted.")
                                               : tr("Cascade prediction: not available yet.");
    }
    if (m_summary->text() != headline) {
        m_summary->setText(headline);
    }
    const QString origin = originText(input.chain);
    if (m_origin->text() != origin) {
        m_origin->setText(origin);
    }
    QStringList lines;
    for (const ChainFinding &f : input.findings) {
        lines.append(
            QStringLiteral("%1: %2 (%3)").arg(severityText(f.severity), f.message, f.setting));
    }
    if (lines == m_findingLines && m_findings->count() > 0) {
        return; // the list is rebuilt only when a finding changes: the selection survives
    }
    m_findingLines = lines;
    m_findings->clear();
    for (std::size_t i = 0; i < input.findings.size(); ++i) {
        auto *item = new QListWidgetItem(lines[qsizetype(i)], m_findings);
        item->setData(Qt::UserRole, input.findings[i].groups.value(0));
        item->setToolTip(input.findings[i].groups.join(QStringLiteral(" → ")));
    }
    if (lines.isEmpty()) {
        auto *item = new QListWidgetItem(input.chain != nullptr
                                             ? tr("No findings: the chain passes every check.")
                                             : tr("No findings: the chain has not been read."),
                                         m_findings);
        item->setFlags(Qt::ItemIsEnabled);
    }
}

QString GraphView::findingsText() const
{
    return m_findingLines.join(u'\n');
}

QString GraphView::summaryText() const
{
    return m_summary->text();
}

void GraphView::selectGroup(const QString &group)
{
    m_scene->selectGroup(group);
}

QString GraphView::selectedGroup() const
{
    return m_scene->selectedGroup();
}

void GraphView::focusGraph()
{
    m_canvas->setFocus(Qt::ShortcutFocusReason);
}

} // namespace headroom::ui
