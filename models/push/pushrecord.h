#pragma once
// The record of one apply, as a line of a proxy's history file (JSON Lines): who (the OS user),
// when, the target, the diff, the what-if summary, the outcome and its verify result, and the
// chain before and after, so any earlier state can be applied again.

#include "chain/fallbackchain.h"
#include "formats/parselimits.h"
#include "formats/parseresult.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <string_view>

namespace headroom::push {

enum class PushOutcome {
    Verified,       // every call accepted and the read-back equals the plan's expected chain
    NothingToDo,    // the proxy already held it: no call sent
    DryRun,         // planned and shown, nothing sent
    Refused,        // the first call was refused: nothing changed (read back and compared)
    RolledBack,     // part applied, then refused, cut off or not held: restored, restore verified
    RollbackFailed, // part applied and the restore failed too: the proxy holds neither
    Unreachable,    // the chain in force could not be read: nothing sent
};

// "verified", "nothing-to-do", "dry-run", "refused", "rolled-back", "rollback-failed",
// "unreachable".
QString pushOutcomeName(PushOutcome outcome);
std::optional<PushOutcome> pushOutcomeFromName(QStringView name);
// Verified, NothingToDo and DryRun went as asked; the others did not.
bool pushSucceeded(PushOutcome outcome);

struct PushRecord {
    QString id;     // unique within a history file, e.g. "20261201T193012Z-3f2a"
    QString who;    // the OS user
    QDateTime when; // UTC
    QString target; // the proxy's URL (no credentials) or a file's path
    QStringList diff;
    QStringList uncarried; // "change: why" for each change no call could carry
    QString whatIf;        // the what-if summary line; empty when none was run
    PushOutcome outcome = PushOutcome::Verified;
    QString message;        // what happened, for a person
    QStringList mismatches; // the read-back's differences (empty when verified)
    FallbackChain before;   // fallbacks and router settings only
    FallbackChain after;    // the desired chain

    friend bool operator==(const PushRecord &, const PushRecord &) = default;
};

// An id from the time and a few random hex digits: sortable, and unique in practice.
QString newPushRecordId(const QDateTime &when, quint32 random);

nlohmann::json pushRecordToJson(const PushRecord &record);
// One history line; a garbled or hostile line gives a ParseError, never a crash.
ParseResult<PushRecord> readPushRecord(std::string_view line, const ParseLimits &limits = {});

} // namespace headroom::push
