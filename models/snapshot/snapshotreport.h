#pragma once
// The browser report of a snapshot: one self-contained HTML file (inline CSS and SVG, no script,
// nothing fetched: a Content-Security-Policy forbids it) with the incident's summary, the RPM and
// TPM charts of the groups that mattered, the fallback graph and the event list. Written beside
// the .headroom file, for a teammate with nothing but a browser.

#include "snapshot/snapshot.h"

#include <QByteArray>
#include <QString>
#include <vector>

namespace headroom {

// What the summary says, worked out from the snapshot alone (the report prints it; the tests
// and `headroom snapshot` read it).
struct IncidentSummary {
    struct Saturation {
        QString group;
        qint64 firstMs = 0; // first instant its 429s (clients or deployments) reached 0.05/s
    };
    struct GroupRefusals {
        QString group;
        double clients429 = 0;      // requests answered 429, over the window
        double refusedAttempts = 0; // attempts its deployments refused with 429
    };
    struct Spike {
        qint64 timeMs = 0;
        QString from;
        QString to;
        double peakPerSec = 0;
        QString message;
    };
    std::vector<Saturation> saturated;   // in order of time: front() saturated first
    QStringList predictedPath;           // the last cascade the predictions saw; empty if none
    std::vector<GroupRefusals> refusals; // groups with any, most first
    std::vector<Spike> spikes;           // fallback spikes (events), in time order
};

IncidentSummary summarizeSnapshot(const Snapshot &snapshot);

// The report, UTF-8. Every name from the proxy is escaped.
QByteArray snapshotReportHtml(const Snapshot &snapshot);

// "incident.headroom" → "incident.html" (beside it).
QString reportPathFor(const QString &snapshotPath);

} // namespace headroom
