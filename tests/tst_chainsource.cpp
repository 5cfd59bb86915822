// Where the chain comes from: GET /router/settings answers (a good one, a key that is no
// admin's, a proxy too old for the endpoint, passing failures, garbage) and a config.yaml read
// from disk and again when it changes, a broken save keeping the last good chain.

#include "chainsource.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace headroom;
using namespace headroom::app;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(std::shared_ptr<const headroom::FallbackChain>)

namespace {

const QString kWhere = QStringLiteral("http://127.0.0.1:4000/router/settings");

// The shape of LiteLLM's RouterSettingsResponse: fields[], current_values (the live router's
// attributes, nulls included, then the config's router_settings), routing_strategy_descriptions.
const char *kLiteLlmAnswer = R"({
  "fields": [{"field_name": "num_retries", "field_type": "Integer", "field_value": 3,
              "field_description": "…", "field_default": 2, "options": null}],
  "current_values": {
    "routing_groups": [],
    "routing_strategy": "usage-based-routing-v2",
    "routing_strategy_args": {},
    "num_retries": 3,
    "timeout": 600.0,
    "allowed_fails": 1,
    "cooldown_time": 30,
    "retry_policy": null,
    "allowed_fails_policy": null,
    "model_group_retry_policy": {},
    "fallbacks": [{"gpt-4o": ["gpt-4o-mini", "claude-sonnet"]}],
    "context_window_fallbacks": [{"gpt-4o-mini": ["gpt-4.1"]}],
    "content_policy_fallbacks": null,
    "default_fallbacks": null,
    "max_fallbacks": 3,
    "enable_pre_call_checks": true
  },
  "routing_strategy_descriptions": {"simple-shuffle": "…"}
})";

FetchResult answer(int status, const QByteArray &body)
{
    FetchResult r;
    r.status = FetchResult::Status::Ok;
    r.httpStatus = status;
    r.body = body;
    r.contentType = "application/json";
    return r;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(text), text.size());
}

} // namespace

class TestChainSource : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<std::shared_ptr<const FallbackChain>>(); }
    void readsLiteLlmsAnswer();
    void problems_data();
    void problems();
    void configFile();
    void configFileErrors();
    void watchesTheFile();
    void origins();
};

void TestChainSource::readsLiteLlmsAnswer()
{
    const ChainRead read = chainFromRouterSettings(answer(200, kLiteLlmAnswer), kWhere);
    QVERIFY2(read.chain.origin.problem.isEmpty(), qPrintable(read.chain.origin.problem));
    QVERIFY(read.chain.known());
    QCOMPARE(read.chain.origin.kind, ChainOrigin::Kind::ProxyAdmin);
    QCOMPARE(read.chain.origin.where, kWhere);
    const FallbackConfig &f = read.chain.fallbacks;
    QCOMPARE(f.fallbacks.size(), std::size_t(1));
    QCOMPARE(f.fallbacks[0].first, QStringLiteral("gpt-4o"));
    QCOMPARE(f.fallbacks[0].second,
             (QStringList{QStringLiteral("gpt-4o-mini"), QStringLiteral("claude-sonnet")}));
    QCOMPARE(f.contextWindowFallbacks.size(), std::size_t(1));
    QVERIFY(f.contentPolicyFallbacks.empty());
    QVERIFY(f.defaultFallbacks.isEmpty());
    QCOMPARE(f.maxFallbacks, std::optional<int>(3));
    const RouterSettings &s = read.chain.settings;
    QCOMPARE(s.routingStrategy, QStringLiteral("usage-based-routing-v2"));
    QCOMPARE(s.numRetries, std::optional<int>(3));
    QCOMPARE(s.allowedFails, std::optional<int>(1));
    QCOMPARE(s.cooldownTime, std::optional<double>(30));
    QCOMPARE(s.enablePreCallChecks, std::optional<bool>(true));
}

void TestChainSource::problems_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("passing");
    QTest::addColumn<QStringList>("mentions"); // what the problem must say

    // LiteLLM's route check for a non-admin key on a management route.
    const QByteArray notAdmin =
        R"({"error": {"message": "Authentication Error, Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route=/router/settings. Your role=internal_user", "type": "auth_error", "param": "None", "code": "401"}})";
    QTest::newRow("401: no admin key") << 401 << notAdmin << false
                                       << QStringList{u"cannot read the router settings"_s,
                                                      u"HTTP 401"_s,
                                                      u"Only proxy admin"_s,
                                                      u"master key"_s,
                                                      u"admin"_s,
                                                      u"--config"_s};
    QTest::newRow("403: route not allowed")
        << 403 << QByteArray(R"({"detail": "Virtual key is not allowed to call this route."})")
        << false << QStringList{u"HTTP 403"_s, u"master key"_s, u"--config"_s};
    QTest::newRow("404: too old") << 404 << QByteArray(R"({"detail": "Not Found"})") << false
                                  << QStringList{u"HTTP 404"_s, u"older"_s, u"--config"_s};
    QTest::newRow("500: passing") << 500
                                  << QByteArray(R"({"error": {"message": "boom", "code": 500}})")
                                  << true
                                  << QStringList{u"HTTP 500"_s, u"boom"_s, u"tries again"_s};
    QTest::newRow("400: not passing")
        << 400 << QByteArray(R"({"error": {"message": "bad", "code": 400}})") << false
        << QStringList{u"HTTP 400"_s, u"--config"_s};
    QTest::newRow("not JSON") << 200 << QByteArray("<html>hi</html>") << false
                              << QStringList{u"cannot read"_s, u"--config"_s};
    QTest::newRow("no current_values") << 200 << QByteArray(R"({"fields": []})") << false
                                       << QStringList{u"current_values"_s, u"--config"_s};
    QTest::newRow("wrong type inside")
        << 200 << QByteArray(R"({"current_values": {"fallbacks": [{"a": "b"}]}})") << false
        << QStringList{u"/current_values/fallbacks/0/a"_s, u"--config"_s};
}

void TestChainSource::problems()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, passing);
    QFETCH(QStringList, mentions);
    const ChainRead read = chainFromRouterSettings(answer(status, body), kWhere);
    QVERIFY(!read.chain.known());
    QCOMPARE(read.passing, passing);
    QCOMPARE(read.chain.origin.where, kWhere);
    for (const QString &words : mentions) {
        QVERIFY2(read.chain.origin.problem.contains(words),
                 qPrintable(words + QStringLiteral(" not in: ") + read.chain.origin.problem));
    }
    QVERIFY(read.chain.fallbacks.fallbacks.empty());
}

void TestChainSource::configFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.yaml"));
    writeFile(path, R"(model_list:
  - model_name: a
    litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_KEY, rpm: 10}
  - model_name: b
    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_KEY}
router_settings:
  num_retries: 1
  fallbacks: [{"a": ["b"]}]
)");
    const FallbackChain chain = readConfigFileChain(path);
    QVERIFY2(chain.known(), qPrintable(chain.origin.problem));
    QCOMPARE(chain.origin.kind, ChainOrigin::Kind::ConfigFile);
    QCOMPARE(chain.origin.where, path);
    QCOMPARE(chain.settings.numRetries, std::optional<int>(1));
    QCOMPARE(chain.fallbacks.fallbacks.size(), std::size_t(1));
    // The deployments come along for their credential fingerprints: both on one key.
    QCOMPARE(chain.configDeployments.size(), std::size_t(2));
    QVERIFY(!chain.configDeployments[0].credentialFingerprint.isEmpty());
    QCOMPARE(chain.configDeployments[0].credentialFingerprint,
             chain.configDeployments[1].credentialFingerprint);
    QVERIFY(!chain.configDeployments[0].credentialFingerprint.contains(u"OPENAI_KEY"));
}

void TestChainSource::configFileErrors()
{
    QTemporaryDir dir;
    const FallbackChain missing = readConfigFileChain(dir.filePath(QStringLiteral("none.yaml")));
    QVERIFY(!missing.known());
    QVERIFY2(missing.origin.problem.startsWith(QStringLiteral("Cannot read ")),
             qPrintable(missing.origin.problem));
    const QString bad = dir.filePath(QStringLiteral("bad.yaml"));
    writeFile(bad, "router_settings:\n  fallbacks: [{\"a\": [\"b\"]\n");
    const FallbackChain broken = readConfigFileChain(bad);
    QVERIFY(!broken.known());
    QVERIFY2(broken.origin.problem.contains(QStringLiteral("not a config.yaml Headroom can read")),
             qPrintable(broken.origin.problem));
    QVERIFY2(broken.origin.problem.contains(QStringLiteral("line")),
             qPrintable(broken.origin.problem));
}

void TestChainSource::watchesTheFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.yaml"));
    writeFile(path, "router_settings:\n  fallbacks: [{\"a\": [\"b\"]}]\n");
    ConfigFileChain watched(path);
    QSignalSpy changed(&watched, &ConfigFileChain::chainChanged);
    watched.start();
    QVERIFY(changed.wait(5000));
    QVERIFY(watched.chain()->known());
    QCOMPARE(watched.chain()->fallbacks.fallbacks[0].second, QStringList{QStringLiteral("b")});

    // An edit is read again.
    writeFile(path, "router_settings:\n  fallbacks: [{\"a\": [\"c\"]}]\n");
    QVERIFY(changed.wait(5000));
    QCOMPARE(watched.chain()->fallbacks.fallbacks[0].second, QStringList{QStringLiteral("c")});
    const auto good = watched.chain();

    // A broken save keeps the chain as last read, and says why.
    writeFile(path, "router_settings: [\n");
    QVERIFY(changed.wait(5000));
    QVERIFY(!watched.chain()->origin.problem.isEmpty());
    QVERIFY(watched.chain()->origin.problem.contains(QStringLiteral("last read")));
    QCOMPARE(watched.chain()->fallbacks, good->fallbacks);

    // Replaced by rename, as editors save: still watched, and read.
    const QString temp = dir.filePath(QStringLiteral("config.yaml.tmp"));
    writeFile(temp, "router_settings:\n  fallbacks: [{\"a\": [\"d\"]}]\n");
    QVERIFY(QFile::remove(path));
    QVERIFY(QFile::rename(temp, path));
    QTRY_VERIFY_WITH_TIMEOUT(watched.chain()->known() &&
                                 watched.chain()->fallbacks.fallbacks[0].second ==
                                     QStringList{QStringLiteral("d")},
                             5000);
}

void TestChainSource::origins()
{
    ChainOrigin origin;
    origin.kind = ChainOrigin::Kind::ProxyAdmin;
    origin.where = kWhere;
    QCOMPARE(describeChainOrigin(origin), QStringLiteral("the proxy (GET ") + kWhere + u')');
    origin.kind = ChainOrigin::Kind::ConfigFile;
    origin.where = QStringLiteral("/etc/litellm/config.yaml");
    QCOMPARE(describeChainOrigin(origin), QStringLiteral("config.yaml /etc/litellm/config.yaml"));
}

QTEST_GUILESS_MAIN(TestChainSource)
#include "tst_chainsource.moc"
