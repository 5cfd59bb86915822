// `headroom apply`, `headroom history` and `headroom rollback` against headroom-sim: what they
// print, what the proxy holds afterwards, and the exit status of each outcome.

#include "applycommand.h"
#include "simfixture.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <QDir>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace headroom;
using namespace Qt::Literals::StringLiterals;
using headroom::sim::AdminFault;
using headroom::test::RunningSim;
using headroom::test::startSim;

namespace {

const QString kScenario = QStringLiteral(HEADROOM_TESTDATA_DIR "/scenarios/push.yaml");

struct Run {
    int status = -1;
    QString out;
    QString err;
};

Run run(QStringList arguments)
{
    Run result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    arguments.prepend(u"headroom"_s);
    result.status = app::runApplyCommand(arguments, out, err);
    out.flush();
    err.flush();
    return result;
}

QStringList generalList(const RunningSim &sim, const QString &group)
{
    for (const auto &[key, targets] : sim.engine->fallbacks().fallbacks) {
        if (key == group) {
            return targets;
        }
    }
    return {};
}

} // namespace

class TestApplyCommand : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void dryRunPrintsAndSendsNothing();
    void appliesAndVerifies_data();
    void appliesAndVerifies();
    void faultsExitOne_data();
    void faultsExitOne();
    void invalidInputExitsTwo_data();
    void invalidInputExitsTwo();
    void unreachableExitsTwo();
    void historyAndRollback();
    void helpForEach_data();
    void helpForEach();

private:
    QString write(const char *name, const QByteArray &text);
    QTemporaryDir m_dir;
};

void TestApplyCommand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // No terminal to ask on, whoever runs the suite: apply without --yes must refuse, not wait.
    QVERIFY(std::freopen("/dev/null", "r", stdin) != nullptr);
}

void TestApplyCommand::init()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/push-history"_s)
        .removeRecursively();
    qputenv("HEADROOM_TEST_KEY", "sk-push-test");
}

QString TestApplyCommand::write(const char *name, const QByteArray &text)
{
    const QString path = m_dir.filePath(QLatin1String(name));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return {};
    }
    file.write(text);
    return path;
}

void TestApplyCommand::dryRunPrintsAndSendsNothing()
{
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    const QString file = write("fragment.json", R"({"num_retries": 4, "max_fallbacks": 1})");
    const Run r = run({u"apply"_s, u"--proxy"_s, sim.url.toString(), u"--key-env"_s,
                       u"HEADROOM_TEST_KEY"_s, u"--fallbacks"_s, file, u"--dry-run"_s});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(u"num_retries: 1 → 4"_s), qPrintable(r.out));
    QVERIFY(r.out.contains(u"Cannot be carried"_s));
    QVERIFY(r.out.contains(u"max_fallbacks: 3 → 1"_s));
    QVERIFY(r.out.contains(u"1. POST /config/update"_s));
    QVERIFY(r.out.contains(u"Dry run: nothing sent."_s));
    QCOMPARE(sim.engine->model().spec().settings.numRetries, std::optional(1));
    // The key is never printed.
    QVERIFY(!r.out.contains(u"sk-push-test"_s) && !r.err.contains(u"sk-push-test"_s));
}

void TestApplyCommand::appliesAndVerifies_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QStringList>("primary");
    QTest::addColumn<QStringList>("spare");
    QTest::newRow("json fragment")
        << QByteArray(R"({"fallbacks": [{"primary": ["long"]}, {"spare": ["long"]}]})")
        << QStringList{u"long"_s} << QStringList{u"long"_s};
    QTest::newRow("yaml fragment")
        << QByteArray("fallbacks:\n  - primary: [safe, spare]\nnum_retries: 2\n")
        << QStringList{u"safe"_s, u"spare"_s} << QStringList{};
    QTest::newRow("config.yaml") << QByteArray(R"(model_list:
  - model_name: primary
    litellm_params: {model: openai/gpt-4o}
router_settings:
  fallbacks:
    - primary: [long]
    - spare: [primary]
  context_window_fallbacks:
    - primary: [long]
)") << QStringList{u"long"_s} << QStringList{u"primary"_s};
}

void TestApplyCommand::appliesAndVerifies()
{
    QFETCH(QByteArray, file);
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    const QString path = write("desired", file);
    const Run r = run({u"apply"_s, u"--proxy"_s, sim.url.toString(), u"--key-env"_s,
                       u"HEADROOM_TEST_KEY"_s, u"--fallbacks"_s, path, u"--yes"_s});
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QVERIFY(r.out.contains(u"verified"_s));
    QVERIFY(r.out.contains(u"[ok] verify: GET /router/settings"_s));
    QTEST(generalList(sim, u"primary"_s), "primary");
    QTEST(generalList(sim, u"spare"_s), "spare");
}

void TestApplyCommand::faultsExitOne_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("said");
    QTest::newRow("refused") << int(AdminFault::Mode::Error) << u"Not applied"_s;
    QTest::newRow("cut off") << int(AdminFault::Mode::Drop) << u"Rolled back"_s;
    QTest::newRow("lost") << int(AdminFault::Mode::Partial) << u"does not hold the change"_s;
}

void TestApplyCommand::faultsExitOne()
{
    QFETCH(int, mode);
    QFETCH(QString, said);
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    const auto before = sim.engine->fallbacks();
    sim.server->armAdminFault({AdminFault::Mode(mode), 0});
    const QString path =
        write("two.json", R"({"fallbacks": [{"primary": ["long"]}], "num_retries": 5})");
    const Run r = run({u"apply"_s, u"--proxy"_s, sim.url.toString(), u"--key-env"_s,
                       u"HEADROOM_TEST_KEY"_s, u"--fallbacks"_s, path, u"--yes"_s});
    QCOMPARE(r.status, 1);
    QVERIFY2(r.out.contains(said), qPrintable(r.out));
    QVERIFY(r.out.contains(u"[FAILED]"_s) || mode == int(AdminFault::Mode::Partial));
    QCOMPARE(sim.engine->fallbacks(), before);
    QCOMPARE(sim.engine->model().spec().settings.numRetries, std::optional(1));
    // Recorded all the same, with what happened.
    const Run h = run({u"history"_s, u"--proxy"_s, sim.url.toString()});
    QCOMPARE(h.status, 0);
    QVERIFY2(h.out.contains(u"refused"_s) || h.out.contains(u"rolled-back"_s), qPrintable(h.out));
}

void TestApplyCommand::invalidInputExitsTwo_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<QString>("said");
    QTest::newRow("no file option") << QStringList{} << u"--fallbacks FILE is required"_s;
    QTest::newRow("missing file") << QStringList{u"--fallbacks"_s, u"/nonexistent/x.yaml"_s}
                                  << u"cannot read"_s;
    QTest::newRow("garbled json") << QStringList{u"--fallbacks"_s, u"@bad.json"_s} << u"not JSON"_s;
    QTest::newRow("wrong type") << QStringList{u"--fallbacks"_s, u"@type.json"_s} << u"fallbacks"_s;
    QTest::newRow("nothing pushable")
        << QStringList{u"--fallbacks"_s, u"@empty.yaml"_s} << u"sets no fallbacks"_s;
    QTest::newRow("bad yaml") << QStringList{u"--fallbacks"_s, u"@bad.yaml"_s} << u"YAML"_s;
    QTest::newRow("no terminal, no --yes")
        << QStringList{u"--fallbacks"_s, u"@good.json"_s} << u"--yes"_s;
}

void TestApplyCommand::invalidInputExitsTwo()
{
    QFETCH(QStringList, extra);
    QFETCH(QString, said);
    write("bad.json", "{\"fallbacks\": [");
    write("type.json", R"({"fallbacks": "everything"})");
    write("empty.yaml", "unrelated: 1\n");
    write("bad.yaml", "fallbacks: [unclosed\n");
    write("good.json", R"({"num_retries": 4})");
    for (QString &argument : extra) {
        if (argument.startsWith(u'@')) {
            argument = m_dir.filePath(argument.mid(1));
        }
    }
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    const Run r = run(QStringList{u"apply"_s, u"--proxy"_s, sim.url.toString(), u"--key-env"_s,
                                  u"HEADROOM_TEST_KEY"_s} +
                      extra);
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(said), qPrintable(r.err));
    QCOMPARE(sim.engine->model().spec().settings.numRetries, std::optional(1));
}

void TestApplyCommand::unreachableExitsTwo()
{
    const QString path = write("u.json", R"({"num_retries": 4})");
    // Port 9 on loopback: nothing listens (discard is not run on test machines).
    const Run r = run({u"apply"_s, u"--proxy"_s, u"http://127.0.0.1:9"_s, u"--fallbacks"_s, path,
                       u"--yes"_s, u"--key-env"_s, u"HEADROOM_TEST_KEY"_s});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(u"Nothing was sent"_s), qPrintable(r.err));
}

void TestApplyCommand::historyAndRollback()
{
    RunningSim sim = startSim(kScenario);
    QVERIFY(sim.engine);
    const QString url = sim.url.toString();
    const Run empty = run({u"history"_s, u"--proxy"_s, url});
    QCOMPARE(empty.status, 0);
    QVERIFY(empty.out.contains(u"No applies recorded"_s));

    const QString path = write("h.json", R"({"fallbacks": [{"primary": ["safe"]}]})");
    QCOMPARE(run({u"apply"_s, u"--proxy"_s, url, u"--key-env"_s, u"HEADROOM_TEST_KEY"_s,
                  u"--fallbacks"_s, path, u"--yes"_s})
                 .status,
             0);
    QCOMPARE(generalList(sim, u"primary"_s), QStringList{u"safe"_s});
    const Run listed = run({u"history"_s, u"--proxy"_s, url});
    QCOMPARE(listed.status, 0);
    QVERIFY2(listed.out.contains(u"verified"_s), qPrintable(listed.out));
    const QString id = listed.out.section(u' ', 0, 0);
    QVERIFY(!id.isEmpty());

    const Run back = run({u"rollback"_s, u"--proxy"_s, url, u"--key-env"_s, u"HEADROOM_TEST_KEY"_s,
                          u"--to"_s, id, u"--yes"_s});
    QVERIFY2(back.status == 0, qPrintable(back.out + back.err));
    QCOMPARE(generalList(sim, u"primary"_s), QStringList{u"spare"_s});
    QCOMPARE(generalList(sim, u"spare"_s), QStringList{u"long"_s});

    const Run json = run({u"history"_s, u"--proxy"_s, url, u"--json"_s});
    QCOMPARE(json.status, 0);
    const auto list = nlohmann::json::parse(json.out.toStdString());
    QCOMPARE(list.size(), std::size_t(2));

    const Run unknown = run({u"rollback"_s, u"--proxy"_s, url, u"--key-env"_s,
                             u"HEADROOM_TEST_KEY"_s, u"--to"_s, u"nope"_s, u"--yes"_s});
    QCOMPARE(unknown.status, 2);
    QVERIFY(unknown.err.contains(u"no apply nope"_s));
    const Run noId = run({u"rollback"_s, u"--proxy"_s, url});
    QCOMPARE(noId.status, 2);
}

void TestApplyCommand::helpForEach_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("option");
    QTest::newRow("apply") << u"apply"_s << u"--fallbacks"_s;
    QTest::newRow("history") << u"history"_s << u"--json"_s;
    QTest::newRow("rollback") << u"rollback"_s << u"--to"_s;
}

void TestApplyCommand::helpForEach()
{
    QFETCH(QString, command);
    QFETCH(QString, option);
    const Run r = run({command, u"--help"_s});
    QCOMPARE(r.status, 0);
    QVERIFY2(r.out.contains(option), qPrintable(r.out));
    QVERIFY(r.out.contains(u"--proxy"_s));
}

QTEST_GUILESS_MAIN(TestApplyCommand)
#include "tst_applycommand.moc"
