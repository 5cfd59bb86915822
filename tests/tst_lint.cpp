// `headroom lint CONFIG.yaml`: findings, their words and the exit status, on files written here.

#include "lintcommand.h"

#include <nlohmann/json.hpp>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace headroom::app;

class TestLint : public QObject {
    Q_OBJECT
private slots:
    void lint_data();
    void lint();
    void positions();
    void json();
    void unreadable();

private:
    QString write(const QByteArray &yaml);
    QTemporaryDir m_dir;
    int m_files = 0;
};

namespace {

const char *kModels = "model_list:\n"
                      "  - model_name: a\n"
                      "    litellm_params: {model: openai/gpt-4o, rpm: 60}\n"
                      "  - model_name: b\n"
                      "    litellm_params: {model: anthropic/claude, rpm: 60}\n"
                      "  - model_name: c\n"
                      "    litellm_params: {model: vertex_ai/gemini, rpm: 60}\n";

struct Run {
    int status = -1;
    QString out;
    QString err;
};

Run runOn(const QStringList &arguments)
{
    Run run;
    QTextStream out(&run.out);
    QTextStream err(&run.err);
    run.status = runLint(arguments, out, err);
    out.flush();
    err.flush();
    return run;
}

} // namespace

QString TestLint::write(const QByteArray &yaml)
{
    QString path = m_dir.filePath(QStringLiteral("config-%1.yaml").arg(++m_files));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(yaml);
    }
    return path;
}

void TestLint::lint_data()
{
    QTest::addColumn<QByteArray>("routerSettings");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("said"); // a word the output must hold; empty: no finding line
    QTest::newRow("a chain that ends on a group with its own fallback")
        << QByteArray("  fallbacks: [{a: [b]}, {b: [c]}, {c: [a]}]\n") << 1 << QStringLiteral("a");
    QTest::newRow("a loop") << QByteArray("  fallbacks: [{a: [b]}, {b: [a]}]\n") << 1
                            << QStringLiteral("warning");
    QTest::newRow("an unknown target")
        << QByteArray("  fallbacks: [{a: [nope]}]\n") << 1 << QStringLiteral("nope");
    QTest::newRow("a self-fallback")
        << QByteArray("  fallbacks: [{a: [a]}]\n") << 1 << QStringLiteral("a");
    // LiteLLM matches context-window lists by exact group name: "*" there never applies.
    QTest::newRow("a wildcard context-window list")
        << QByteArray("  context_window_fallbacks: [{\"*\": [b]}]\n") << 1
        << QStringLiteral("by exact group name only");
    // Ten attempts a group, three groups reached from a: 30 upstream calls for one request.
    QTest::newRow("retry amplification")
        << QByteArray("  num_retries: 9\n  fallbacks: [{a: [b, c]}, {b: [c]}, {c: [b]}]\n") << 1
        << QStringLiteral("may cost 30 upstream attempts");
    QTest::newRow("no fallbacks at all") << QByteArray("  num_retries: 2\n") << 0 << QString();
}

void TestLint::lint()
{
    QFETCH(QByteArray, routerSettings);
    QFETCH(int, status);
    QFETCH(QString, said);
    const QString path = write(QByteArray(kModels) + "router_settings:\n" + routerSettings);
    const Run run = runOn({QStringLiteral("headroom"), QStringLiteral("lint"), path});
    QVERIFY2(run.status == status, qPrintable(run.out + run.err));
    QVERIFY2(run.out.contains(QStringLiteral("3 groups")), qPrintable(run.out));
    if (!said.isEmpty()) {
        QVERIFY2(run.out.contains(said), qPrintable(run.out));
    }
    if (status == 0) {
        QVERIFY2(run.out.contains(QStringLiteral("0 of them errors or warnings")),
                 qPrintable(run.out));
    }
}

// Each finding points at its line: the group's own entry in the list that has the problem, in
// the form editors jump to (file:line:col: severity: text [check-name]).
void TestLint::positions()
{
    // Lines 1-7 are the models; then:
    const QString path = write(QByteArray(kModels) + "router_settings:\n"   // 8
                                                     "  fallbacks:\n"       // 9
                                                     "    - a: [b]\n"       // 10
                                                     "    - b: [a, nope]\n" // 11
                                                     "  num_retries: 2\n"); // 12
    const Run run = runOn({QStringLiteral("headroom"), QStringLiteral("lint"), path});
    QCOMPARE(run.status, 1);
    const QStringList lines = run.out.split(u'\n', Qt::SkipEmptyParts);
    const auto lineWith = [&lines](const QString &kind) {
        for (const QString &line : lines) {
            if (line.endsWith(u'[' + kind + u']')) {
                return line;
            }
        }
        return QString();
    };
    const QString cycle = lineWith(QStringLiteral("cycle"));
    QVERIFY2(cycle.startsWith(path + QStringLiteral(":10:7: warning: ")), qPrintable(run.out));
    const QString unknown = lineWith(QStringLiteral("unknown_target"));
    QVERIFY2(unknown.startsWith(path + QStringLiteral(":11:7: ")), qPrintable(run.out));
    QVERIFY2(unknown.contains(QStringLiteral("nope")), qPrintable(unknown));
    // Garbage: exit 2, with the reason and where.
    const Run garbled =
        runOn({QStringLiteral("headroom"), QStringLiteral("lint"), write("a: [1, 2\nb: }\n")});
    QCOMPARE(garbled.status, 2);
    QVERIFY2(garbled.err.contains(QStringLiteral("line")), qPrintable(garbled.err));
}

void TestLint::json()
{
    const QString path = write(QByteArray(kModels) +
                               "router_settings:\n  num_retries: 1\n  fallbacks: [{a: [b]}]\n");
    const Run run =
        runOn({QStringLiteral("headroom"), QStringLiteral("lint"), path, QStringLiteral("--json")});
    const auto document = nlohmann::json::parse(run.out.toStdString(), nullptr, false);
    QVERIFY2(!document.is_discarded(), qPrintable(run.out));
    QCOMPARE(document.at("groups").get<int>(), 3);
    // a's walk: a, then b; (1 + num_retries) attempts in each.
    QCOMPARE(document.at("worst_case_attempts").at("a").get<int>(), 4);
    QCOMPARE(document.at("worst_case_attempts").at("c").get<int>(), 2);
    QVERIFY(document.at("findings").is_array());
}

void TestLint::unreadable()
{
    const Run missing = runOn({QStringLiteral("headroom"), QStringLiteral("lint"),
                               m_dir.filePath(QStringLiteral("absent.yaml"))});
    QCOMPARE(missing.status, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("Cannot read")), qPrintable(missing.err));
    const Run garbled = runOn(
        {QStringLiteral("headroom"), QStringLiteral("lint"), write("model_list: [unclosed\n")});
    QCOMPARE(garbled.status, 2);
    QVERIFY2(garbled.err.contains(QStringLiteral("not a config.yaml")), qPrintable(garbled.err));
    const Run none = runOn({QStringLiteral("headroom"), QStringLiteral("lint")});
    QCOMPARE(none.status, 2);
    QVERIFY2(none.err.contains(QStringLiteral("Try 'headroom lint --help'")), qPrintable(none.err));
}

QTEST_GUILESS_MAIN(TestLint)
#include "tst_lint.moc"
