// The headless commands' JSON against the schema the README documents
// (docs/schema/headroom-output.schema.json): `inspect --json` and every line of `watch --json`
// through a cascade in the simulator (polls, samples, events), validated by Debian's
// python3-jsonschema. A document that breaks the schema must be caught, or the check proves
// nothing: one is planted.

#include "headlesscommands.h"
#include "simfixture.h"

#include <nlohmann/json.hpp>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimer>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;

namespace {

// Debian's interpreter, with Debian's python3-jsonschema: not whichever python3 comes first on
// PATH (a developer's pyenv would hide a package missing from the install list).
const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kSchema = QStringLiteral(HEADROOM_DOCS_DIR "/schema/headroom-output.schema.json");

// Validates each line of `lines` (one JSON document each); returns the validator's complaints,
// one line per document that fails, empty when all pass.
QString validate(const QStringList &lines)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"documents.jsonl"_s));
    if (!file.open(QIODevice::WriteOnly)) {
        return u"cannot write the documents"_s;
    }
    file.write(lines.join(u'\n').toUtf8());
    file.close();
    const QString script = uR"(import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for number, line in enumerate(open(sys.argv[2]), 1):
    errors = sorted(validator.iter_errors(json.loads(line)), key=lambda e: e.path)
    for error in errors[:1]:
        bad += 1
        print("document %d: %s at %s" % (number, error.message[:300], list(error.absolute_path)))
sys.exit(1 if bad else 0)
)"_s;
    QProcess python;
    python.setProcessChannelMode(QProcess::MergedChannels);
    python.start(kPython, {u"-c"_s, script, kSchema, file.fileName()});
    if (!python.waitForFinished(60000)) {
        return u"python3 did not finish"_s;
    }
    const QString output = QString::fromUtf8(python.readAll()).trimmed();
    if (python.exitCode() != 0 && output.isEmpty()) {
        return u"python3 failed with no output"_s;
    }
    return python.exitCode() == 0 ? QString() : output;
}

} // namespace

class TestOutputSchema : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void inspectDocument();
    void watchLines();
    void aBrokenDocumentIsCaught_data();
    void aBrokenDocumentIsCaught();

private:
    QString m_inspect; // the inspect document, for the planted breakages
};

void TestOutputSchema::initTestCase()
{
    QProcess probe;
    probe.start(kPython, {u"-c"_s, u"import jsonschema"_s});
    QVERIFY2(probe.waitForFinished(30000) && probe.exitCode() == 0,
             "python3-jsonschema is missing (scripts/headroom install)");
    QVERIFY(QFile::exists(kSchema));
}

void TestOutputSchema::inspectDocument()
{
    test::RunningSim sim;
    QVERIFY(sim.start(u"cascade"_s));
    qputenv("HEADROOM_SCHEMA_KEY", sim.key.toUtf8());
    sim.engine->advanceBy(90); // into the cascade: cooldowns, fallbacks, a prediction
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    const int code =
        app::runHeadlessCommand({u"headroom"_s, u"inspect"_s, u"--proxy"_s, sim.url.toString(),
                                 u"--key-env"_s, u"HEADROOM_SCHEMA_KEY"_s, u"--json"_s},
                                outStream, errStream);
    outStream.flush();
    errStream.flush();
    QVERIFY2(code == 0, qPrintable(err));
    const nlohmann::json document = nlohmann::json::parse(out.toStdString());
    QVERIFY(!document.at("groups").empty());
    QVERIFY(!document.at("chain").is_null());
    m_inspect = QString::fromStdString(document.dump());
    const QString complaints = validate({m_inspect});
    QVERIFY2(complaints.isEmpty(), qPrintable(complaints));
}

void TestOutputSchema::watchLines()
{
    test::RunningSim sim;
    QVERIFY(sim.start(u"cascade"_s));
    qputenv("HEADROOM_SCHEMA_KEY", sim.key.toUtf8());
    // The simulator runs 30 s ahead at every tick of the watch's polls: within its few seconds
    // the cascade starts, deployments cool down and the events come.
    QTimer ahead;
    connect(&ahead, &QTimer::timeout, this, [&sim] { sim.engine->advanceBy(30); });
    ahead.start(200);
    QString out;
    QString err;
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    const int code = app::runHeadlessCommand(
        {u"headroom"_s, u"watch"_s, u"--proxy"_s, sim.url.toString(), u"--key-env"_s,
         u"HEADROOM_SCHEMA_KEY"_s, u"--json"_s, u"--interval"_s, u"0.2"_s, u"--duration"_s, u"3"_s},
        outStream, errStream);
    outStream.flush();
    QVERIFY2(code == 0, qPrintable(err));
    const QStringList lines = out.split(u'\n', Qt::SkipEmptyParts);
    QSet<QString> types;
    for (const QString &line : lines) {
        types << QString::fromStdString(
            nlohmann::json::parse(line.toStdString()).at("type").get<std::string>());
    }
    QCOMPARE(types, (QSet<QString>{u"poll"_s, u"sample"_s, u"event"_s}));
    const QString complaints = validate(lines);
    QVERIFY2(complaints.isEmpty(), qPrintable(complaints));
}

// Each of these breaks the documented shape in one place; the validator must say so.
void TestOutputSchema::aBrokenDocumentIsCaught_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("value"); // JSON
    QTest::newRow("time is no ISO string") << u"/time"_s << u"5"_s;
    QTest::newRow("an unknown naming") << u"/metrics/naming"_s << u"\"v2\""_s;
    QTest::newRow("an undocumented member") << u"/surprise"_s << u"1"_s;
    QTest::newRow("a limit as text") << u"/groups/0/rpm_limit"_s << u"\"100\""_s;
    QTest::newRow("an unknown origin") << u"/chain/origin/kind"_s << u"\"guess\""_s;
}

void TestOutputSchema::aBrokenDocumentIsCaught()
{
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QVERIFY(!m_inspect.isEmpty());
    nlohmann::json document = nlohmann::json::parse(m_inspect.toStdString());
    document[nlohmann::json::json_pointer(pointer.toStdString())] =
        nlohmann::json::parse(value.toStdString());
    QVERIFY(!validate({QString::fromStdString(document.dump())}).isEmpty());
}

QTEST_GUILESS_MAIN(TestOutputSchema)
#include "tst_outputschema.moc"
