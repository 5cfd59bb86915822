#include "boardview.h"

#include "chain/fallbackchain.h"
#include "headroombardelegate.h"
#include "headroomchart.h"
#include "itemmodels/deploymentsmodel.h"
#include "itemmodels/eventsfilterproxy.h"
#include "itemmodels/eventsmodel.h"
#include "itemmodels/groupstablemodel.h"
#include "itemmodels/mergingsortproxy.h"
#include "plaincelldelegate.h"
#include "store/metricsstore.h"

#include <algorithm>
#include <QCheckBox>
#include <QComboBox>
#include <QDataStream>
#include <QDateTime>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTabBar>
#include <QTableView>
#include <QTabWidget>
#include <QVBoxLayout>

namespace headroom::ui {

namespace {

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(26);
    view->horizontalHeader()->setHighlightSections(false);
    // Interactive, sized to the contents once (fitTableColumns): ResizeToContents would measure
    // every row of every column on each poll's dataChanged, seconds for a 1,000-group fleet.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view->horizontalHeader()->setResizeContentsPrecision(64);
    view->horizontalHeader()->setStretchLastSection(true);
    // By pixel: by column, a last column that misses the viewport by a pixel (the stretched
    // one) kept a scroll bar up with nothing to scroll to.
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    return view;
}

MergingSortProxy *sortingProxy(QAbstractItemModel *source, QObject *parent)
{
    auto *proxy = new MergingSortProxy(parent);
    proxy->setSourceModel(source);
    return proxy;
}

struct KindFilter {
    const char *label = nullptr;
    QList<EventKind> kinds; // empty: every kind
};

const QList<KindFilter> &kindFilters()
{
    static const QList<KindFilter> filters = {
        {QT_TRANSLATE_NOOP("BoardView", "All events"), {}},
        {QT_TRANSLATE_NOOP("BoardView", "429 bursts"),
         {EventKind::RateLimitBurst, EventKind::RateLimitBurstEnded}},
        {QT_TRANSLATE_NOOP("BoardView", "Cooldowns"),
         {EventKind::CooldownStarted, EventKind::CooldownEnded}},
        {QT_TRANSLATE_NOOP("BoardView", "Fallback spikes"),
         {EventKind::FallbackSpike, EventKind::FallbackSpikeEnded}},
        {QT_TRANSLATE_NOOP("BoardView", "Proxy reachability"),
         {EventKind::ProxyUnreachable, EventKind::ProxyBack, EventKind::CountersReset}},
        {QT_TRANSLATE_NOOP("BoardView", "Config changes"),
         {EventKind::ConfigChanged, EventKind::ConfigPushed}},
    };
    return filters;
}

// Sizes a table's columns to what it shows, the first time it has rows; true if it did now.
bool fitTableColumns(QTableView *view)
{
    if (view->property("fitted").toBool() || view->model()->rowCount() == 0) {
        return false;
    }
    view->resizeColumnsToContents();
    view->setProperty("fitted", true);
    return true;
}

} // namespace

BoardView::BoardView(QWidget *parent)
    : QWidget(parent)
    , m_groups(new GroupsTableModel(this))
    , m_deployments(new DeploymentsModel(this))
    , m_events(new EventsModel(this))
    , m_eventsProxy(new EventsFilterProxy(this))
    , m_filter(new QLineEdit(this))
    , m_eventKinds(new QComboBox(this))
    , m_eventsOfSelection(new QCheckBox(tr("Only the selected group"), this))
    , m_tabs(new QTabWidget(this))
    , m_chart(new HeadroomChart(this))
{
    m_filter->setAccessibleName(tr("Filter groups"));
    m_eventKinds->setAccessibleName(tr("Event kinds shown"));
    m_groupsProxy = sortingProxy(m_groups, this);
    m_groupsProxy->setFilterKeyColumn(GroupsTableModel::Group);
    m_deploymentsProxy = sortingProxy(m_deployments, this);
    m_eventsProxy->setSourceModel(m_events);
    m_eventsProxy->setSortRole(EventsModel::SortRole);

    m_filter->setPlaceholderText(tr("Filter groups (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_groupsProxy,
            &MergingSortProxy::setFilterFixedString);

    m_groupsView = makeTable(m_groupsProxy, this);
    m_groupsView->setAccessibleName(tr("Model groups"));
    m_groupsView->setAccessibleDescription(
        tr("RPM and TPM headroom, 429s, fallbacks and cooldowns per model group"));
    m_groupsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // The chain column is sized when the table is (refresh): stretched, it came out a pixel
    // wider than the viewport and kept a scroll bar up.
    m_groupsView->horizontalHeader()->setStretchLastSection(false);
    m_groupsView->sortByColumn(GroupsTableModel::RpmHeadroom, Qt::AscendingOrder);
    auto *bars = new HeadroomBarDelegate(this);
    auto *plain = new PlainCellDelegate(this);
    m_groupsView->setItemDelegate(plain);
    m_groupsView->setItemDelegateForColumn(GroupsTableModel::RpmHeadroom, bars);
    m_groupsView->setItemDelegateForColumn(GroupsTableModel::TpmHeadroom, bars);
    connect(m_groupsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BoardView::selectionChanged);

    m_deploymentsView = makeTable(m_deploymentsProxy, this);
    m_deploymentsView->setAccessibleName(tr("Deployments of the selected group"));
    m_deploymentsView->setObjectName(QStringLiteral("deploymentsView"));
    m_deploymentsView->setItemDelegate(plain);
    m_deploymentsView->setItemDelegateForColumn(DeploymentsModel::Headroom, bars);
    m_deploymentsView->sortByColumn(DeploymentsModel::Deployment, Qt::AscendingOrder);

    m_eventsView = makeTable(m_eventsProxy, this);
    m_eventsView->setAccessibleName(tr("Events"));
    m_eventsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_eventsView->sortByColumn(EventsModel::Time, Qt::DescendingOrder);
    connect(m_eventsView, &QTableView::activated, this, &BoardView::eventActivated);
    connect(m_eventsView, &QTableView::clicked, this, &BoardView::eventActivated);
    for (const KindFilter &filter : kindFilters()) {
        m_eventKinds->addItem(tr(filter.label));
    }
    connect(m_eventKinds, &QComboBox::currentIndexChanged, this, &BoardView::updateEventFilter);
    connect(m_eventsOfSelection, &QCheckBox::toggled, this, &BoardView::updateEventFilter);

    auto *eventsPage = new QWidget(this);
    auto *eventsBar = new QHBoxLayout;
    eventsBar->addWidget(new QLabel(tr("Show:"), eventsPage));
    eventsBar->addWidget(m_eventKinds);
    eventsBar->addWidget(m_eventsOfSelection);
    eventsBar->addStretch(1);
    auto *eventsLayout = new QVBoxLayout(eventsPage);
    eventsLayout->setContentsMargins(0, 4, 0, 0);
    eventsLayout->addLayout(eventsBar);
    eventsLayout->addWidget(m_eventsView);

    m_tabs->addTab(m_deploymentsView, tr("&Deployments"));
    m_tabs->addTab(eventsPage, tr("&Events"));

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_filter);
    topLayout->addWidget(m_groupsView);

    // All three full width, one above the other: the deployments table has a dozen columns and
    // a handful of rows, so beside the charts it hid TPM limit and after behind a scroll bar over
    // a pane mostly empty; across the window it shows every column in the height of its rows.
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->setObjectName(QStringLiteral("boardSplitter"));
    m_split->addWidget(top);
    m_split->addWidget(m_tabs);
    m_split->addWidget(m_chart);
    m_split->setStretchFactor(0, 0);
    m_split->setStretchFactor(1, 0);
    m_split->setStretchFactor(2, 1);
    m_split->setChildrenCollapsible(false);

    // Paused: said over the board, not only in the status bar, because the numbers below stop
    // moving and an operator glancing at them must not take them for live.
    m_pausedBanner = new QFrame(this);
    m_pausedBanner->setObjectName(QStringLiteral("pausedBanner"));
    m_pausedBanner->setAutoFillBackground(true);
    QPalette banner = m_pausedBanner->palette();
    banner.setColor(QPalette::Window, QColor(0xfd, 0xf1, 0xc7)); // pale amber
    banner.setColor(QPalette::WindowText, QColor(0x3a, 0x2c, 0x00));
    m_pausedBanner->setPalette(banner);
    m_pausedText = new QLabel(m_pausedBanner);
    m_pausedText->setWordWrap(true);
    auto *resume = new QPushButton(tr("&Resume"), m_pausedBanner);
    resume->setObjectName(QStringLiteral("resumeButton"));
    connect(resume, &QPushButton::clicked, this, &BoardView::resumeRequested);
    auto *bannerLayout = new QHBoxLayout(m_pausedBanner);
    bannerLayout->setContentsMargins(10, 6, 10, 6);
    bannerLayout->addWidget(m_pausedText, 1);
    bannerLayout->addWidget(resume);
    m_pausedBanner->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_pausedBanner);
    layout->addWidget(m_split);
}

BoardView::~BoardView() = default;

void BoardView::setStore(const MetricsStore *store)
{
    if (store != m_store) {
        // Another proxy: nothing chosen on it yet.
        m_operatorChose = false;
        m_autoSelected.clear();
    }
    m_store = store;
    m_chart->setStore(store);
    refresh();
}

void BoardView::refresh()
{
    if (m_store == nullptr) {
        return;
    }
    // The models merge in place, so the selection and the scroll position survive each poll.
    m_groups->update(*m_store);
    m_deployments->update(*m_store);
    m_events->update(*m_store);
    followWorstGroup();
    if (fitTableColumns(m_groupsView)) {
        // The chain, last, takes the room the other columns leave, within 5 to 18 ems: a long
        // chain is elided (the tooltip has it whole) rather than pushing the table into a
        // horizontal scroll bar.
        QHeaderView *header = m_groupsView->horizontalHeader();
        const int em = fontMetrics().horizontalAdvance(QLatin1Char('m'));
        const int chain = header->sectionSize(GroupsTableModel::Chain);
        const int left = m_groupsView->viewport()->width() - (header->length() - chain) - 4;
        header->resizeSection(GroupsTableModel::Chain, std::clamp(left, 5 * em, 18 * em));
    }
    fitTableColumns(m_deploymentsView);
    fitTableColumns(m_eventsView);
    sizeSections();
    m_chart->refresh();
}

void BoardView::setChain(std::shared_ptr<const FallbackChain> chain)
{
    m_groups->setChain(std::move(chain));
    refresh();
}

void BoardView::followWorstGroup()
{
    if (m_operatorChose || m_groupsProxy->rowCount() == 0) {
        return;
    }
    // Start on the group in the worst state, what an operator wants to see first, and move to a
    // group that becomes worse while nothing has been chosen: in the cascade the first poll
    // sees every group healthy, a minute later gpt-4o is exhausted. A move needs a worse level,
    // not a few rpm more, so the charts do not hop between groups in the same state.
    HeadroomLevel level = HeadroomLevel::Unknown;
    const QString worst = m_groups->worstGroup(&level);
    if (worst.isEmpty() || worst == m_autoSelected) {
        return;
    }
    if (!m_autoSelected.isEmpty()) {
        const int row = m_groups->rowOfKey(m_autoSelected);
        const auto current = row < 0 ? HeadroomLevel::Unknown
                                     : HeadroomLevel(m_groups->index(row, GroupsTableModel::Group)
                                                         .data(GroupsTableModel::HeadroomLevelRole)
                                                         .toInt());
        if (row >= 0 && int(level) <= int(current)) {
            return;
        }
    }
    m_selecting = true;
    m_autoSelected = worst;
    selectGroup(worst);
    m_selecting = false;
}

void BoardView::sizeSections()
{
    if (m_sized || m_groupsProxy->rowCount() == 0 || m_split->height() <= 0) {
        return;
    }
    m_sized = true;
    const int row = m_groupsView->verticalHeader()->defaultSectionSize();
    const int scrollBar = style()->pixelMetric(QStyle::PM_ScrollBarExtent);
    const auto tableHeight = [&](QTableView *view, int rows) {
        return view->horizontalHeader()->sizeHint().height() + rows * row + 2 * view->frameWidth() +
               scrollBar;
    };
    // Up to eight groups, and as many deployments as the largest group has up to five, show
    // without scrolling; the charts get the rest, but never less than their two plots need.
    qsizetype largest = 0;
    for (const GroupSample &g : m_store->latestSample().groups) {
        largest = std::max(largest, g.deploymentIds.size());
    }
    const int groups = m_filter->sizeHint().height() + 6 +
                       tableHeight(m_groupsView, std::clamp(m_groupsProxy->rowCount(), 3, 8));
    const int tabs = m_tabs->tabBar()->sizeHint().height() + m_eventKinds->sizeHint().height() + 8 +
                     tableHeight(m_deploymentsView, int(std::clamp<qsizetype>(largest, 2, 5)));
    const int total = m_split->height();
    const int chart = std::max(m_chart->minimumSizeHint().height(), total - groups - tabs);
    m_split->setSizes({groups, tabs, chart});
}

void BoardView::setPaused(bool paused)
{
    if (paused) {
        const qint64 latest =
            m_store != nullptr && m_store->hasSample() ? m_store->clock().latestTimeMs() : 0;
        m_pausedText->setText(
            latest > 0
                ? tr("<b>Polling is paused.</b> The board shows the proxy as it was at %1 and "
                     "does not change. Press Ctrl+P or Resume to poll again.")
                      .arg(QDateTime::fromMSecsSinceEpoch(latest).toString(
                          QStringLiteral("HH:mm:ss")))
                : tr("<b>Polling is paused.</b> Press Ctrl+P or Resume to poll again."));
    }
    m_pausedBanner->setVisible(paused);
}

bool BoardView::pausedBannerShown() const
{
    return !m_pausedBanner->isHidden();
}

namespace {
constexpr quint32 kStateMagic = 0x48524256; // "HRBV"
constexpr quint16 kStateVersion = 2;        // 2: one splitter of three, groups, tabs, charts
} // namespace

QByteArray BoardView::saveState() const
{
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream.setVersion(QDataStream::Qt_6_4);
    stream << kStateMagic << kStateVersion << m_split->saveState()
           << m_groupsView->horizontalHeader()->saveState() << qint32(m_tabs->currentIndex());
    return out;
}

bool BoardView::restoreState(const QByteArray &state)
{
    QDataStream stream(state);
    stream.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0;
    quint16 version = 0;
    QByteArray split;
    QByteArray header;
    qint32 tab = 0;
    stream >> magic >> version >> split >> header >> tab;
    if (stream.status() != QDataStream::Ok || magic != kStateMagic || version != kStateVersion) {
        return false;
    }
    if (m_split->restoreState(split)) {
        m_sized = true; // the operator's sizes
    }
    if (m_groupsView->horizontalHeader()->restoreState(header)) {
        // Widths chosen by the operator: do not size the columns to their contents again.
        m_groupsView->setProperty("fitted", true);
    }
    if (tab >= 0 && tab < m_tabs->count()) {
        m_tabs->setCurrentIndex(tab);
    }
    return true;
}

void BoardView::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void BoardView::focusGroups()
{
    m_groupsView->setFocus(Qt::ShortcutFocusReason);
}

void BoardView::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab == Tab::Deployments ? 0 : 1);
}

void BoardView::selectGroup(const QString &group)
{
    for (int row = 0; row < m_groupsProxy->rowCount(); ++row) {
        const QModelIndex index = m_groupsProxy->index(row, GroupsTableModel::Group);
        if (index.data(GroupsTableModel::GroupNameRole).toString() == group) {
            m_groupsView->selectRow(row);
            return;
        }
    }
}

QStringList BoardView::selectedGroups() const
{
    QStringList groups;
    const auto rows = m_groupsView->selectionModel()->selectedRows(GroupsTableModel::Group);
    for (const QModelIndex &index : rows) {
        groups << index.data(GroupsTableModel::GroupNameRole).toString();
    }
    return groups;
}

void BoardView::selectionChanged()
{
    const QStringList groups = selectedGroups();
    if (!m_selecting && !(groups.size() == 1 && groups.first() == m_autoSelected)) {
        m_operatorChose = true; // a click, a key, or another view choosing: stop following
    }
    const QString first = groups.value(0);
    if (m_store != nullptr) {
        m_deployments->setGroup(first, *m_store);
    } else {
        m_deployments->setGroup(first);
    }
    m_tabs->setTabText(0,
                       first.isEmpty() ? tr("&Deployments") : tr("&Deployments of %1").arg(first));
    m_chart->setGroups(groups);
    m_chart->refresh();
    updateEventFilter();
}

void BoardView::eventActivated(const QModelIndex &index)
{
    const QVariant time = index.data(EventsModel::TimeMsRole);
    if (time.isValid()) {
        m_chart->showAround(time.toLongLong());
    }
}

void BoardView::updateEventFilter()
{
    m_eventsProxy->setKinds(kindFilters().value(m_eventKinds->currentIndex()).kinds);
    m_eventsProxy->setGroup(m_eventsOfSelection->isChecked() ? selectedGroups().value(0)
                                                             : QString());
}

} // namespace headroom::ui
