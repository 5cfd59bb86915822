#include "draft/chainedit.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

namespace headroom {

namespace {

// LiteLLM's defaults (router.py __init__): num_retries 2 (openai's max_retries), allowed_fails 3,
// cooldown_time 5 s (DEFAULT_COOLDOWN_TIME_SECONDS), max_fallbacks 5, retry_after 0 s.
const RouterSettingInfo kInfo[] = {
    {"num_retries", "retries", 2, true, "retries on the same group before its fallbacks are tried"},
    {"allowed_fails", "fails/min", 3, true,
     "failures a deployment may have before it is cooled down"},
    {"cooldown_time", "s", 5, false, "how long a failing deployment is left out"},
    {"max_fallbacks", "levels", 5, true, "how deep the fallback walk may nest"},
    {"retry_after", "s", 0, false, "the least wait before a retry"},
};

const FallbackMap *mapOf(const FallbackConfig &config, FallbackKind kind)
{
    switch (kind) {
    case FallbackKind::General:
        return &config.fallbacks;
    case FallbackKind::ContextWindow:
        return &config.contextWindowFallbacks;
    case FallbackKind::ContentPolicy:
        return &config.contentPolicyFallbacks;
    case FallbackKind::Default:
        return nullptr;
    }
    return nullptr;
}

FallbackMap *mapOf(FallbackConfig &config, FallbackKind kind)
{
    return const_cast<FallbackMap *>(mapOf(std::as_const(config), kind)); // NOLINT: same object
}

// The map index of the key's first entry (the one LiteLLM uses), or -1.
int entryIndex(const FallbackMap &map, const QString &key)
{
    for (std::size_t i = 0; i < map.size(); ++i) {
        if (map[i].first == key) {
            return int(i);
        }
    }
    return -1;
}

QStringList *listOf(FallbackChain &chain, const FallbackListRef &ref)
{
    return const_cast<QStringList *>(fallbackList(std::as_const(chain), ref)); // NOLINT: same
}

EditStep step(EditStep::Op op, const FallbackListRef &list, const QString &to, int index)
{
    EditStep s;
    s.op = op;
    s.list = list;
    s.to = to;
    s.index = index;
    return s;
}

// Applies one step, which the caller has checked; returns its inverse.
EditStep applyStep(FallbackChain &chain, const EditStep &s)
{
    using Op = EditStep::Op;
    EditStep inverse = s;
    switch (s.op) {
    case Op::InsertEntry: {
        FallbackMap &map = *mapOf(chain.fallbacks, s.list.kind);
        const auto at = std::min(std::size_t(std::max(s.index, 0)), map.size());
        map.insert(map.begin() + std::ptrdiff_t(at), {s.list.key, QStringList{}});
        inverse.op = Op::RemoveEntry;
        inverse.index = int(at);
        break;
    }
    case Op::RemoveEntry: {
        FallbackMap &map = *mapOf(chain.fallbacks, s.list.kind);
        map.erase(map.begin() + s.index);
        inverse.op = Op::InsertEntry;
        break;
    }
    case Op::InsertTarget: {
        QStringList &list = *listOf(chain, s.list);
        const qsizetype at = std::clamp<qsizetype>(s.index, 0, list.size());
        list.insert(at, s.to);
        inverse.op = Op::RemoveTarget;
        inverse.index = int(at);
        break;
    }
    case Op::RemoveTarget: {
        QStringList &list = *listOf(chain, s.list);
        list.removeAt(s.index);
        inverse.op = Op::InsertTarget;
        break;
    }
    case Op::SetValue: {
        inverse.value = routerSettingValue(chain, s.key);
        const std::optional<double> &v = s.value;
        const auto asInt = [&v]() -> std::optional<int> {
            return v ? std::optional<int>(int(std::lround(*v))) : std::nullopt;
        };
        switch (s.key) {
        case RouterSettingKey::NumRetries:
            chain.settings.numRetries = asInt();
            break;
        case RouterSettingKey::AllowedFails:
            chain.settings.allowedFails = asInt();
            break;
        case RouterSettingKey::CooldownTime:
            chain.settings.cooldownTime = v;
            break;
        case RouterSettingKey::MaxFallbacks:
            chain.fallbacks.maxFallbacks = asInt();
            break;
        case RouterSettingKey::RetryAfter:
            chain.settings.retryAfter = v;
            break;
        }
        break;
    }
    }
    return inverse;
}

struct Planned {
    QString error;
    EditSteps steps;
};

Planned refuse(QString why)
{
    return Planned{std::move(why), {}};
}

QString listName(const FallbackListRef &ref)
{
    if (ref.kind == FallbackKind::Default) {
        return fallbackKindSetting(ref.kind);
    }
    return QStringLiteral("%1's %2").arg(ref.key, fallbackKindSetting(ref.kind));
}

// The steps that remove `to` (at `index`) from `ref`'s list, and its entry if that empties it.
void planRemoval(const FallbackChain &chain, const FallbackListRef &ref, const QStringList &list,
                 qsizetype index, EditSteps &steps)
{
    steps.push_back(step(EditStep::Op::RemoveTarget, ref, list[index], int(index)));
    if (list.size() == 1 && ref.kind != FallbackKind::Default) {
        const FallbackMap *map = mapOf(chain.fallbacks, ref.kind);
        steps.push_back(step(EditStep::Op::RemoveEntry, ref, {}, entryIndex(*map, ref.key)));
    }
}

// The steps that add `to` to `ref`'s list at `index` (-1: last), its entry first if it has none.
void planInsertion(const FallbackChain &chain, const FallbackListRef &ref, const QString &to,
                   int index, EditSteps &steps)
{
    const QStringList *list = fallbackList(chain, ref);
    qsizetype size = 0;
    if (list == nullptr) {
        steps.push_back(step(EditStep::Op::InsertEntry, ref, {},
                             int(mapOf(chain.fallbacks, ref.kind)->size())));
    } else {
        size = list->size();
    }
    const qsizetype at = index < 0 ? size : std::min<qsizetype>(index, size);
    steps.push_back(step(EditStep::Op::InsertTarget, ref, to, int(at)));
}

QString checkedName(const QString &name)
{
    return name.trimmed().isEmpty() ? QStringLiteral("a group needs a name") : QString();
}

Planned plan(const FallbackChain &chain, const AddFallback &e)
{
    if (QString why = checkedName(e.to); !why.isEmpty()) {
        return refuse(why);
    }
    if (e.list.kind != FallbackKind::Default) {
        if (QString why = checkedName(e.list.key); !why.isEmpty()) {
            return refuse(why);
        }
    }
    const QStringList *list = fallbackList(chain, e.list);
    if (list != nullptr && list->contains(e.to)) {
        return refuse(QStringLiteral("%1 already lists %2").arg(listName(e.list), e.to));
    }
    Planned p;
    planInsertion(chain, e.list, e.to, e.index, p.steps);
    return p;
}

Planned plan(const FallbackChain &chain, const RemoveFallback &e)
{
    const QStringList *list = fallbackList(chain, e.list);
    const qsizetype at = list == nullptr ? -1 : list->indexOf(e.to);
    if (at < 0) {
        return refuse(QStringLiteral("%1 does not list %2").arg(listName(e.list), e.to));
    }
    Planned p;
    planRemoval(chain, e.list, *list, at, p.steps);
    return p;
}

Planned plan(const FallbackChain &chain, const MoveFallback &e)
{
    const QStringList *list = fallbackList(chain, e.list);
    const qsizetype at = list == nullptr ? -1 : list->indexOf(e.to);
    if (at < 0) {
        return refuse(QStringLiteral("%1 does not list %2").arg(listName(e.list), e.to));
    }
    const qsizetype to = std::clamp<qsizetype>(e.index, 0, list->size() - 1);
    Planned p;
    if (to != at) {
        p.steps.push_back(step(EditStep::Op::RemoveTarget, e.list, e.to, int(at)));
        p.steps.push_back(step(EditStep::Op::InsertTarget, e.list, e.to, int(to)));
    }
    return p;
}

Planned plan(const FallbackChain &chain, const ChangeFallbackKind &e)
{
    const QStringList *list = fallbackList(chain, e.list);
    const qsizetype at = list == nullptr ? -1 : list->indexOf(e.to);
    if (at < 0) {
        return refuse(QStringLiteral("%1 does not list %2").arg(listName(e.list), e.to));
    }
    if (e.kind == e.list.kind) {
        return refuse(
            QStringLiteral("%1 is already a %2 edge").arg(e.to, fallbackKindSetting(e.kind)));
    }
    const FallbackListRef target{e.list.key, e.kind};
    if (e.kind != FallbackKind::Default && e.list.key == u"*" && e.kind != FallbackKind::General) {
        // LiteLLM matches context-window and content-policy lists by exact group name only.
        return refuse(QStringLiteral("%1 has no \"*\" entry in LiteLLM (it matches exact group "
                                     "names only)")
                          .arg(fallbackKindSetting(e.kind)));
    }
    if (const QStringList *other = fallbackList(chain, target);
        other != nullptr && other->contains(e.to)) {
        return refuse(QStringLiteral("%1 already lists %2").arg(listName(target), e.to));
    }
    Planned p;
    planRemoval(chain, e.list, *list, at, p.steps);
    // The insertion is planned on the chain as it will be once the removal is done: the two
    // lists are in different maps, so the removal changes nothing the insertion looks at.
    planInsertion(chain, target, e.to, -1, p.steps);
    return p;
}

Planned plan(const FallbackChain &chain, const SetRouterSetting &e)
{
    const RouterSettingInfo &info = routerSettingInfo(e.key);
    if (e.value) {
        const double v = *e.value;
        if (!std::isfinite(v) || v < 0) {
            return refuse(
                QStringLiteral("%1 must be a number of 0 or more").arg(QLatin1String(info.name)));
        }
        if (info.integral && (v != std::floor(v) || v > 1'000'000)) {
            return refuse(QStringLiteral("%1 must be a whole number up to 1000000")
                              .arg(QLatin1String(info.name)));
        }
    }
    Planned p;
    if (routerSettingValue(chain, e.key) != e.value) {
        EditStep s;
        s.op = EditStep::Op::SetValue;
        s.key = e.key;
        s.value = e.value;
        p.steps.push_back(s);
    }
    return p;
}

QString ordinal(int index)
{
    const int n = index + 1;
    const int mod100 = n % 100;
    const char *suffix = "th";
    if (mod100 < 11 || mod100 > 13) {
        switch (n % 10) {
        case 1:
            suffix = "st";
            break;
        case 2:
            suffix = "nd";
            break;
        case 3:
            suffix = "rd";
            break;
        default:
            break;
        }
    }
    return QString::number(n) + QLatin1String(suffix);
}

QString fromName(const FallbackListRef &ref)
{
    return ref.kind == FallbackKind::Default ? QStringLiteral("every group") : ref.key;
}

} // namespace

const RouterSettingInfo &routerSettingInfo(RouterSettingKey key)
{
    return kInfo[std::size_t(key)];
}

std::optional<double> routerSettingValue(const FallbackChain &chain, RouterSettingKey key)
{
    const auto widen = [](const std::optional<int> &v) {
        return v ? std::optional<double>(*v) : std::nullopt;
    };
    switch (key) {
    case RouterSettingKey::NumRetries:
        return widen(chain.settings.numRetries);
    case RouterSettingKey::AllowedFails:
        return widen(chain.settings.allowedFails);
    case RouterSettingKey::CooldownTime:
        return chain.settings.cooldownTime;
    case RouterSettingKey::MaxFallbacks:
        return widen(chain.fallbacks.maxFallbacks);
    case RouterSettingKey::RetryAfter:
        return chain.settings.retryAfter;
    }
    return std::nullopt;
}

const QStringList *fallbackList(const FallbackChain &chain, const FallbackListRef &list)
{
    const FallbackMap *map = mapOf(chain.fallbacks, list.kind);
    if (map == nullptr) {
        return &chain.fallbacks.defaultFallbacks;
    }
    const int i = entryIndex(*map, list.key);
    return i < 0 ? nullptr : &(*map)[std::size_t(i)].second;
}

EditSteps applySteps(FallbackChain &chain, const EditSteps &steps)
{
    EditSteps undo;
    undo.reserve(steps.size());
    for (const EditStep &s : steps) {
        undo.push_back(applyStep(chain, s));
    }
    std::reverse(undo.begin(), undo.end());
    return undo;
}

EditOutcome applyEdit(FallbackChain &chain, const ChainEdit &edit)
{
    const Planned p = std::visit([&chain](const auto &e) { return plan(chain, e); }, edit);
    if (!p.error.isEmpty()) {
        return EditOutcome{false, p.error, {}};
    }
    return EditOutcome{true, {}, applySteps(chain, p.steps)};
}

QString describeEdit(const ChainEdit &edit)
{
    return std::visit(
        [](const auto &e) -> QString {
            using T = std::decay_t<decltype(e)>;
            if constexpr (std::is_same_v<T, AddFallback>) {
                return QStringLiteral("Add %1 → %2 (%3%4)")
                    .arg(fromName(e.list), e.to, fallbackKindSetting(e.list.kind),
                         e.index < 0 ? QString() : QStringLiteral(", ") + ordinal(e.index));
            } else if constexpr (std::is_same_v<T, RemoveFallback>) {
                return QStringLiteral("Remove %1 → %2 (%3)")
                    .arg(fromName(e.list), e.to, fallbackKindSetting(e.list.kind));
            } else if constexpr (std::is_same_v<T, MoveFallback>) {
                return QStringLiteral("Move %1 → %2 to %3 (%4)")
                    .arg(fromName(e.list), e.to, ordinal(e.index),
                         fallbackKindSetting(e.list.kind));
            } else if constexpr (std::is_same_v<T, ChangeFallbackKind>) {
                return QStringLiteral("Make %1 → %2 %3 (was %4)")
                    .arg(fromName(e.list), e.to, fallbackKindSetting(e.kind),
                         fallbackKindSetting(e.list.kind));
            } else {
                const RouterSettingInfo &info = routerSettingInfo(e.key);
                return QStringLiteral("Set %1 to %2")
                    .arg(QLatin1String(info.name),
                         e.value
                             ? QString::number(*e.value)
                             : QStringLiteral("LiteLLM's default (%1)").arg(info.liteLLMDefault));
            }
        },
        edit);
}

} // namespace headroom
