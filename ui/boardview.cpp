#include "boardview.h"

#include "deploymentsmodel.h"
#include "eventsfilterproxy.h"
#include "eventsmodel.h"
#include "groupstablemodel.h"
#include "headroombardelegate.h"
#include "headroomchart.h"
#include "metricsstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
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
    return view;
}

QSortFilterProxyModel *sortingProxy(QAbstractItemModel *source, QObject *parent)
{
    auto *proxy = new QSortFilterProxyModel(parent);
    proxy->setSourceModel(source);
    proxy->setSortRole(MergingTableModel::SortRole);
    proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    return proxy;
}

struct KindFilter {
    const char *label;
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

// Sizes a table's columns to what it shows, the first time it has rows.
void fitTableColumns(QTableView *view)
{
    if (view->property("fitted").toBool() || view->model()->rowCount() == 0) {
        return;
    }
    view->resizeColumnsToContents();
    view->setProperty("fitted", true);
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
    m_groupsProxy = sortingProxy(m_groups, this);
    m_groupsProxy->setFilterKeyColumn(GroupsTableModel::Group);
    m_deploymentsProxy = sortingProxy(m_deployments, this);
    m_eventsProxy->setSourceModel(m_events);
    m_eventsProxy->setSortRole(EventsModel::SortRole);

    m_filter->setPlaceholderText(tr("Filter groups (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_groupsProxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_groupsView = makeTable(m_groupsProxy, this);
    m_groupsView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_groupsView->sortByColumn(GroupsTableModel::RpmHeadroom, Qt::AscendingOrder);
    auto *bars = new HeadroomBarDelegate(this);
    m_groupsView->setItemDelegateForColumn(GroupsTableModel::RpmHeadroom, bars);
    m_groupsView->setItemDelegateForColumn(GroupsTableModel::TpmHeadroom, bars);
    connect(m_groupsView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BoardView::selectionChanged);

    m_deploymentsView = makeTable(m_deploymentsProxy, this);
    m_deploymentsView->setItemDelegateForColumn(DeploymentsModel::Headroom, bars);
    m_deploymentsView->sortByColumn(DeploymentsModel::Deployment, Qt::AscendingOrder);

    m_eventsView = makeTable(m_eventsProxy, this);
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

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_tabs);
    bottom->addWidget(m_chart);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 1);

    auto *top = new QWidget(this);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_filter);
    topLayout->addWidget(m_groupsView);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("boardSplitter"));
    split->addWidget(top);
    split->addWidget(bottom);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);
}

BoardView::~BoardView() = default;

void BoardView::setStore(const MetricsStore *store)
{
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
    if (selectedGroups().isEmpty() && m_groupsProxy->rowCount() > 0) {
        // Start on the group with the least headroom: what an operator wants to see first.
        m_groupsView->selectRow(0);
    }
    fitTableColumns(m_groupsView);
    fitTableColumns(m_deploymentsView);
    fitTableColumns(m_eventsView);
    m_chart->refresh();
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
