// config.yaml: reading LiteLLM's settings, writing back only what changed, refusing bad input.

#include "config/proxyconfig.h"
#include "samples.h"

#include <QFile>
#include <QTest>
#include <string>
#include <yaml-cpp/yaml.h>

using namespace headroom;

Q_DECLARE_METATYPE(headroom::ParseError::Kind)

namespace {

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(HEADROOM_TESTDATA_DIR "/config/") + name);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    return file.readAll();
}

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

ProxyConfig parseOrFail(const QByteArray &yaml)
{
    auto result = parseConfigYaml(view(yaml));
    if (!result) {
        qWarning("%s", qPrintable(result.error().toString()));
        return {};
    }
    return std::move(result).value();
}

// A text rendering of a tree with each scalar's tag, so "600" and 600 compare different.
// Test documents are small; expanding aliases here is fine.
std::string describe(const YAML::Node &node)
{
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
        return "<undefined>";
    case YAML::NodeType::Null:
        return "~";
    case YAML::NodeType::Scalar:
        return (node.Tag() == "!" ? "!\"" : "\"") + node.Scalar() + "\"";
    case YAML::NodeType::Sequence: {
        std::string text = "[";
        for (const auto &item : node) {
            text += describe(item) + ",";
        }
        return text + "]";
    }
    case YAML::NodeType::Map: {
        std::string text = "{";
        for (const auto &pair : node) {
            text += describe(pair.first) + ":" + describe(pair.second) + ",";
        }
        return text + "}";
    }
    }
    return {};
}

void compareValues(const ProxyConfig &actual, const ProxyConfig &expected)
{
    QCOMPARE(actual.deployments, expected.deployments);
    QCOMPARE(actual.router, expected.router);
    QCOMPARE(actual.fallbacks, expected.fallbacks);
    QCOMPARE(actual.storeModelInDb, expected.storeModelInDb);
    QCOMPARE(actual.prometheusCallback, expected.prometheusCallback);
    QCOMPARE(actual.masterKeyFingerprint, expected.masterKeyFingerprint);
}

FallbackMap map(std::initializer_list<std::pair<const char *, QStringList>> entries)
{
    FallbackMap result;
    for (const auto &[group, targets] : entries) {
        result.emplace_back(QString::fromUtf8(group), targets);
    }
    return result;
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList result;
    for (const char *item : items) {
        result.append(QString::fromUtf8(item));
    }
    return result;
}

const char *const kRouterSample = "config_router_settings_fallbacks.yaml";
const char *const kLitellmSample = "config_litellm_settings_fallbacks_retries_cooldowns.yaml";

} // namespace

class TestConfigYaml : public QObject {
    Q_OBJECT
private slots:
    void sampleDeployments_data();
    void sampleDeployments();
    void sampleRouterSettings();
    void sampleLitellmSettings();
    void fingerprints();
    void precedence();
    void allFallbackMaps();
    void fallbackShapes_data();
    void fallbackShapes();
    void scalars();
    void mergeKeys();
    void emptyDocument_data();
    void emptyDocument();
    void roundTrip_data();
    void roundTrip();
    void unchangedWritesIdenticalTree_data();
    void unchangedWritesIdenticalTree();
    void unknownKeysSurvive();
    void changedFallbacksMoveToRouterSettings();
    void clearedValuesAreRemoved();
    void editDoesNotLeakThroughAliases();
    void builtInCode();
    void copiesAreIndependent();
    void malformed_data();
    void malformed();
    void fuzzRegressions_data();
    void fuzzRegressions();
    void keysNearTheLimitRoundTrip_data();
    void keysNearTheLimitRoundTrip();
    void deepFlowNesting();
    void deepBlockNesting();
    void aliasBomb();
    void aliasCycle();
    void hugeNumbers_data();
    void hugeNumbers();
    void invalidUtf8();
    void tooLarge();
};

void TestConfigYaml::sampleDeployments_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("apiBase");
    QTest::addColumn<int>("rpm"); // -1 = not set
    QTest::addColumn<bool>("hasKey");

    const QString router = QString::fromUtf8(kRouterSample);
    const QString litellm = QString::fromUtf8(kLitellmSample);
    QTest::newRow("azure gpt-3.5")
        << router << 0 << QStringLiteral("gpt-3.5-turbo")
        << QStringLiteral("azure/<your-deployment-name>") << QStringLiteral("azure")
        << QStringLiteral("<your-azure-endpoint>") << 6 << true;
    QTest::newRow("azure gpt-4") << router << 1 << QStringLiteral("gpt-4")
                                 << QStringLiteral("azure/gpt-4-ca") << QStringLiteral("azure")
                                 << QStringLiteral(
                                        "https://my-endpoint-canada-berri992.openai.azure.com/")
                                 << 6 << true;
    for (int i = 0; i < 3; ++i) {
        QTest::addRow("zephyr %d", i)
            << litellm << i << QStringLiteral("zephyr-beta")
            << QStringLiteral("huggingface/HuggingFaceH4/zephyr-7b-beta")
            << QStringLiteral("huggingface") << QStringLiteral("http://0.0.0.0:800%1").arg(i + 1)
            << -1 << false;
    }
    QTest::newRow("openai bare") << litellm << 3 << QStringLiteral("gpt-3.5-turbo")
                                 << QStringLiteral("gpt-3.5-turbo") << QStringLiteral("openai")
                                 << QString() << -1 << true;
    QTest::newRow("openai 16k") << litellm << 4 << QStringLiteral("gpt-3.5-turbo-16k")
                                << QStringLiteral("gpt-3.5-turbo-16k") << QStringLiteral("openai")
                                << QString() << -1 << true;
}

void TestConfigYaml::sampleDeployments()
{
    QFETCH(QString, file);
    QFETCH(int, index);
    QFETCH(QString, group);
    QFETCH(QString, model);
    QFETCH(QString, provider);
    QFETCH(QString, apiBase);
    QFETCH(int, rpm);
    QFETCH(bool, hasKey);

    const QByteArray yaml = test::readSample(file);
    QVERIFY(!yaml.isEmpty());
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY2(config.ok(), qPrintable(config ? QString() : config.error().toString()));
    QVERIFY(std::size_t(index) < config->deployments.size());
    const Deployment &deployment = config->deployments[std::size_t(index)];
    QCOMPARE(deployment.group, group);
    QCOMPARE(deployment.model, model);
    QCOMPARE(deployment.provider, provider);
    QCOMPARE(deployment.apiBase, apiBase);
    QCOMPARE(deployment.rpm, rpm < 0 ? std::nullopt : std::optional<qint64>(rpm));
    QCOMPARE(deployment.credentialFingerprint.isEmpty(), !hasKey);
    QVERIFY(!deployment.credentialFingerprint.contains(u'<')); // never the key text
    QVERIFY(deployment.id.isEmpty());
}

void TestConfigYaml::sampleRouterSettings()
{
    const ProxyConfig config = parseOrFail(test::readSample(QString::fromUtf8(kRouterSample)));
    QCOMPARE(config.groups(), list({"gpt-3.5-turbo", "gpt-4"}));
    QCOMPARE(config.fallbacks.fallbacks, map({{"gpt-3.5-turbo", list({"gpt-4"})}}));
    QCOMPARE(config.fallbacksSource, SettingsSection::RouterSettings);
    QCOMPARE(config.router, RouterSettings{});
    QVERIFY(config.fallbacks.contextWindowFallbacks.empty());
    QVERIFY(!config.fallbacks.maxFallbacks);
    QVERIFY(config.document() != nullptr);
}

void TestConfigYaml::sampleLitellmSettings()
{
    const ProxyConfig config = parseOrFail(test::readSample(QString::fromUtf8(kLitellmSample)));
    QCOMPARE(config.groups(), list({"zephyr-beta", "gpt-3.5-turbo", "gpt-3.5-turbo-16k"}));
    QCOMPARE(config.deployments.size(), std::size_t(5));
    QCOMPARE(config.fallbacks.fallbacks, map({{"zephyr-beta", list({"gpt-3.5-turbo"})}}));
    QCOMPARE(config.fallbacksSource, SettingsSection::LitellmSettings);
    QCOMPARE(config.router.numRetries, std::optional<int>(3));
    QCOMPARE(config.router.allowedFails, std::optional<int>(3));
    QCOMPARE(config.router.cooldownTime, std::optional<double>(30));
    QVERIFY(config.router.routingStrategy.isEmpty());
    QVERIFY(!config.prometheusCallback);
    QVERIFY(!config.storeModelInDb);
}

void TestConfigYaml::fingerprints()
{
    const ProxyConfig azure = parseOrFail(test::readSample(QString::fromUtf8(kRouterSample)));
    const ProxyConfig openai = parseOrFail(test::readSample(QString::fromUtf8(kLitellmSample)));
    const QString azureKey = azure.deployments[0].credentialFingerprint;
    const QString openaiKey = openai.deployments[3].credentialFingerprint;
    QVERIFY(!azureKey.isEmpty());
    QCOMPARE(azure.deployments[1].credentialFingerprint, azureKey); // same key text
    QCOMPARE(openai.deployments[4].credentialFingerprint, openaiKey);
    QVERIFY(azureKey != openaiKey);
    QVERIFY(azureKey != QStringLiteral("<your-azure-api-key>"));
    QVERIFY(!azureKey.contains(QStringLiteral("azure")));
    QVERIFY(!openaiKey.contains(QStringLiteral("openai")));

    // A reference is fingerprinted as the reference; the literal key never reaches Deployment.
    const ProxyConfig refs = parseOrFail(readFixture(QStringLiteral("unknown_keys.yaml")));
    QCOMPARE(refs.deployments[0].credentialFingerprint,
             credentialFingerprint(QStringLiteral("os.environ/AZURE_API_KEY")));
    QVERIFY(refs.deployments[1].credentialFingerprint != QStringLiteral("sk-literal-us"));
    QCOMPARE(refs.masterKeyFingerprint,
             credentialFingerprint(QStringLiteral("os.environ/LITELLM_MASTER_KEY")));
}

void TestConfigYaml::precedence()
{
    const QByteArray yaml = R"(
router_settings:
  num_retries: 5
  fallbacks: [{"a": ["b"]}]
  context_window_fallbacks: []
  cooldown_time: null
litellm_settings:
  num_retries: 1
  allowed_fails: 7
  cooldown_time: 9
  fallbacks: [{"a": ["c"]}]
  context_window_fallbacks: [{"a": ["d"]}]
)";
    const ProxyConfig config = parseOrFail(yaml);
    QCOMPARE(config.router.numRetries, std::optional<int>(5));      // router_settings wins
    QCOMPARE(config.router.allowedFails, std::optional<int>(7));    // only in litellm_settings
    QCOMPARE(config.router.cooldownTime, std::optional<double>(9)); // null = absent
    QCOMPARE(config.fallbacks.fallbacks, map({{"a", list({"b"})}}));
    // LiteLLM's Router takes `context_window_fallbacks or litellm.context_window_fallbacks`.
    QCOMPARE(config.fallbacks.contextWindowFallbacks, map({{"a", list({"d"})}}));
    QCOMPARE(config.fallbacksSource, SettingsSection::RouterSettings);
}

void TestConfigYaml::allFallbackMaps()
{
    const ProxyConfig config = parseOrFail(readFixture(QStringLiteral("all_fallbacks.yaml")));
    QCOMPARE(config.fallbacks.fallbacks,
             map({{"gpt-4o", list({"gpt-4o-mini", "claude"})}, {"*", list({"gpt-4o-mini"})}}));
    QCOMPARE(config.fallbacks.contextWindowFallbacks, map({{"gpt-4o-mini", list({"gpt-4o"})}}));
    QCOMPARE(config.fallbacks.contentPolicyFallbacks, map({{"claude", list({"gpt-4o"})}}));
    QCOMPARE(config.fallbacks.defaultFallbacks, list({"claude"}));
    QCOMPARE(config.fallbacks.maxFallbacks, std::optional<int>(3));
    QCOMPARE(config.router.retryPolicy,
             (std::vector<std::pair<QString, int>>{{QStringLiteral("RateLimitErrorRetries"), 3},
                                                   {QStringLiteral("TimeoutErrorRetries"), 1}}));
    QCOMPARE(config.router.allowedFailsPolicy,
             (std::vector<std::pair<QString, int>>{
                 {QStringLiteral("RateLimitErrorAllowedFails"), 100}}));
    QCOMPARE(config.router.retryAfter, std::optional<double>(0.5));
    QCOMPARE(config.router.cooldownTime, std::optional<double>(10));
    QCOMPARE(config.router.disableCooldowns, std::optional<bool>(false));
    QCOMPARE(config.router.allowedFails, std::optional<int>(4));
    QCOMPARE(config.deployments[0].rpm, std::optional<qint64>(100));
}

void TestConfigYaml::fallbackShapes_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<FallbackMap>("expected");

    QTest::newRow("list of single-key maps")
        << QByteArray("router_settings:\n  fallbacks: [{a: [b, c]}, {d: [e]}]\n")
        << map({{"a", list({"b", "c"})}, {"d", list({"e"})}});
    QTest::newRow("one map, several keys")
        << QByteArray("router_settings:\n  fallbacks: {a: [b], d: [e]}\n")
        << map({{"a", list({"b"})}, {"d", list({"e"})}});
    QTest::newRow("block style")
        << QByteArray("router_settings:\n  fallbacks:\n    - a:\n        - b\n    - \"*\":\n "
                      "       - c\n")
        << map({{"a", list({"b"})}, {"*", list({"c"})}});
    QTest::newRow("client-side strings skipped")
        << QByteArray("router_settings:\n  fallbacks: [gpt-4, {a: [b]}, claude]\n")
        << map({{"a", list({"b"})}});
    QTest::newRow("only client-side strings")
        << QByteArray("router_settings:\n  fallbacks: [gpt-4, claude]\n") << FallbackMap{};
    QTest::newRow("first entry for a group wins")
        << QByteArray("router_settings:\n  fallbacks: [{a: [b]}, {a: [c]}]\n")
        << map({{"a", list({"b"})}});
    QTest::newRow("repeated key in one map: last wins")
        << QByteArray("router_settings:\n  fallbacks: [{a: [b], a: [c]}]\n")
        << map({{"a", list({"c"})}});
    QTest::newRow("null targets") << QByteArray("router_settings:\n  fallbacks: [{a: null}]\n")
                                  << map({{"a", QStringList()}});
    QTest::newRow("null fallbacks")
        << QByteArray("router_settings:\n  fallbacks:\n") << FallbackMap{};
}

void TestConfigYaml::fallbackShapes()
{
    QFETCH(QByteArray, yaml);
    QFETCH(FallbackMap, expected);
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY2(config.ok(), qPrintable(config ? QString() : config.error().toString()));
    QCOMPARE(config->fallbacks.fallbacks, expected);
}

void TestConfigYaml::scalars()
{
    const ProxyConfig config = parseOrFail(readFixture(QStringLiteral("unknown_keys.yaml")));
    QCOMPARE(config.deployments.size(), std::size_t(3));
    const Deployment &eu = config.deployments[0];
    QCOMPARE(eu.rpm, std::optional<qint64>(600)); // "600"
    QCOMPARE(eu.tpm, std::optional<qint64>(90000));
    QCOMPARE(eu.apiBase, QStringLiteral("os.environ/AZURE_API_BASE"));
    QCOMPARE(eu.id, QStringLiteral("eu-1"));
    QCOMPARE(eu.mode, QStringLiteral("chat"));
    const Deployment &us = config.deployments[1];
    QCOMPARE(us.weight, std::optional<double>(2.5));
    QCOMPARE(us.order, std::optional<int>(2));
    QCOMPARE(us.cooldownTime, std::optional<double>(12.5));
    QCOMPARE(us.maxInputTokens, std::optional<qint64>(128000));
    QCOMPARE(us.maxOutputTokens, std::optional<qint64>(4096));
    QCOMPARE(config.deployments[2].provider, QStringLiteral("anthropic"));
    QCOMPARE(config.router.routingStrategy, QStringLiteral("usage-based-routing-v2"));
    QCOMPARE(config.router.enablePreCallChecks, std::optional<bool>(true));
    QVERIFY(config.storeModelInDb); // "True"
    QVERIFY(config.prometheusCallback);

    // rpm/tpm from model_info when litellm_params has none; env references are "not known".
    const ProxyConfig info = parseOrFail(R"(
model_list:
  - model_name: a
    litellm_params: {model: os.environ/MODEL, rpm: os.environ/RPM}
    model_info: {rpm: 10, tpm: "2_000", db_model: true}
general_settings: {store_model_in_db: true}
litellm_settings: {success_callback: prometheus}
)");
    QCOMPARE(info.deployments[0].rpm, std::optional<qint64>(10));
    QCOMPARE(info.deployments[0].tpm, std::optional<qint64>(2000));
    QVERIFY(info.deployments[0].provider.isEmpty());
    QVERIFY(info.deployments[0].dbModel);
    QVERIFY(info.storeModelInDb);
    QVERIFY(info.prometheusCallback);
}

void TestConfigYaml::mergeKeys()
{
    const ProxyConfig config = parseOrFail(readFixture(QStringLiteral("anchors.yaml")));
    QCOMPARE(config.deployments.size(), std::size_t(2));
    QCOMPARE(config.deployments[0].rpm, std::optional<qint64>(60)); // merged from &azure
    QCOMPARE(config.deployments[1].rpm, std::optional<qint64>(30)); // own key wins
    QCOMPARE(config.deployments[0].apiBase, QStringLiteral("https://eu.example.invalid/"));
    QCOMPARE(config.deployments[0].credentialFingerprint,
             config.deployments[1].credentialFingerprint);
    QCOMPARE(config.router.numRetries, std::optional<int>(3));
}

void TestConfigYaml::emptyDocument_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("comments only") << QByteArray("# nothing yet\n");
    QTest::newRow("explicit document") << QByteArray("---\n...\n");
    QTest::newRow("empty sections") << QByteArray("model_list:\nrouter_settings:\n");
}

void TestConfigYaml::emptyDocument()
{
    QFETCH(QByteArray, yaml);
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY2(config.ok(), qPrintable(config ? QString() : config.error().toString()));
    QVERIFY(config->deployments.empty());
    QCOMPARE(config->fallbacksSource, SettingsSection::None);
    QVERIFY(config->document() != nullptr && config->document()->IsMap());
    const auto written = writeConfigYaml(*config);
    QVERIFY(written.ok());
    QVERIFY(parseConfigYaml(view(*written)).ok());
}

void TestConfigYaml::roundTrip_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("router sample") << test::readSample(QString::fromUtf8(kRouterSample));
    QTest::newRow("litellm sample") << test::readSample(QString::fromUtf8(kLitellmSample));
    QTest::newRow("unknown keys") << readFixture(QStringLiteral("unknown_keys.yaml"));
    QTest::newRow("all fallbacks") << readFixture(QStringLiteral("all_fallbacks.yaml"));
    QTest::newRow("anchors") << readFixture(QStringLiteral("anchors.yaml"));
}

// parse → (edit) → write → parse gives the values that were written.
void TestConfigYaml::roundTrip()
{
    QFETCH(QByteArray, yaml);
    QVERIFY(!yaml.isEmpty());
    const ProxyConfig parsed = parseOrFail(yaml);
    QVERIFY(parsed.document() != nullptr);

    const auto unchanged = writeConfigYaml(parsed);
    QVERIFY2(unchanged.ok(), qPrintable(unchanged ? QString() : unchanged.error().toString()));
    compareValues(parseOrFail(*unchanged), parsed);

    ProxyConfig edited = parsed;
    edited.fallbacks.fallbacks = map({{"x.y", list({"1", "true", "null"})}, {"*", list({"z"})}});
    edited.fallbacks.contentPolicyFallbacks = map({{"a", list({"b"})}});
    edited.fallbacks.defaultFallbacks = list({"no"});
    edited.fallbacks.maxFallbacks = 2;
    edited.router.numRetries = 0;
    edited.router.retryAfter = 1e-7;
    edited.router.cooldownTime = 2.25;
    edited.router.routingStrategy = QStringLiteral("least-busy");
    edited.router.disableCooldowns = true;
    edited.router.retryPolicy = {{QStringLiteral("RateLimitErrorRetries"), 5}};
    const auto written = writeConfigYaml(edited);
    QVERIFY2(written.ok(), qPrintable(written ? QString() : written.error().toString()));
    const ProxyConfig reread = parseOrFail(*written);
    compareValues(reread, edited);
    QCOMPARE(reread.fallbacksSource, SettingsSection::RouterSettings);
    QVERIFY(written->contains(R"(fallbacks: [{"x.y": ["1", "true", "null"]}, {"*": ["z"]}])"));
}

void TestConfigYaml::unchangedWritesIdenticalTree_data()
{
    roundTrip_data();
    QTest::newRow("quoting and tags") << QByteArray(
        "a: \"600\"\nb: 'yes'\nc: \"2024-02-01\"\nd: !!str 7\ne: ''\nf: |\n  two\n  lines\n"
        "g: &x {k: [1, 2]}\nh: *x\n\"quoted key\": ~\n");
}

void TestConfigYaml::unchangedWritesIdenticalTree()
{
    QFETCH(QByteArray, yaml);
    const ProxyConfig parsed = parseOrFail(yaml);
    QVERIFY(parsed.document() != nullptr);
    const auto written = writeConfigYaml(parsed);
    QVERIFY(written.ok());
    const ProxyConfig reread = parseOrFail(*written);
    QVERIFY(reread.document() != nullptr);
    QCOMPARE(describe(*reread.document()), describe(*parsed.document()));
    QCOMPARE(YAML::Dump(*reread.document()), YAML::Dump(*parsed.document()));
}

void TestConfigYaml::unknownKeysSurvive()
{
    const ProxyConfig parsed = parseOrFail(readFixture(QStringLiteral("unknown_keys.yaml")));
    ProxyConfig edited = parsed;
    edited.fallbacks.fallbacks = map({{"gpt-4o", list({"claude", "gpt-4o"})}});
    edited.router.numRetries = 4;
    const auto written = writeConfigYaml(edited);
    QVERIFY(written.ok());
    const ProxyConfig reread = parseOrFail(*written);
    compareValues(reread, edited);

    const YAML::Node &before = *parsed.document();
    const YAML::Node &after = *reread.document();
    QCOMPARE(describe(after["environment_variables"]), describe(before["environment_variables"]));
    QCOMPARE(describe(after["general_settings"]), describe(before["general_settings"]));
    QCOMPARE(describe(after["litellm_settings"]), describe(before["litellm_settings"]));
    QCOMPARE(describe(after["model_list"]), describe(before["model_list"]));
    QCOMPARE(describe(after["model_list"][0]["tags"]), std::string("[\"eu\",!\"prod\",]"));
    for (const char *key :
         {"routing_strategy", "redis_host", "redis_port", "enable_pre_call_checks"}) {
        QCOMPARE(describe(after["router_settings"][key]), describe(before["router_settings"][key]));
    }
    // Key order kept: the edited keys stay where they were.
    std::vector<std::string> keys;
    for (const auto &pair : after["router_settings"]) {
        keys.push_back(pair.first.Scalar());
    }
    QCOMPARE(keys,
             (std::vector<std::string>{"routing_strategy", "redis_host", "redis_port",
                                       "num_retries", "fallbacks", "enable_pre_call_checks"}));
    std::vector<std::string> top;
    for (const auto &pair : after) {
        top.push_back(pair.first.Scalar());
    }
    QCOMPARE(top,
             (std::vector<std::string>{"environment_variables", "model_list", "router_settings",
                                       "litellm_settings", "general_settings"}));
    // References and placeholders are written as they were read, never resolved or dropped.
    QVERIFY(written->contains("api_key: os.environ/AZURE_API_KEY"));
    QVERIFY(written->contains("api_key: sk-literal-us"));
    QVERIFY(written->contains("master_key: os.environ/LITELLM_MASTER_KEY"));
    QVERIFY(written->contains("api_version: \"2024-02-01\""));
    QCOMPARE(after["router_settings"]["redis_port"].Tag(), std::string("!"));
}

void TestConfigYaml::changedFallbacksMoveToRouterSettings()
{
    const ProxyConfig parsed = parseOrFail(test::readSample(QString::fromUtf8(kLitellmSample)));
    QCOMPARE(parsed.fallbacksSource, SettingsSection::LitellmSettings);
    ProxyConfig edited = parsed;
    edited.fallbacks.fallbacks =
        map({{"zephyr-beta", list({"gpt-3.5-turbo", "gpt-3.5-turbo-16k"})}});
    const auto written = writeConfigYaml(edited);
    QVERIFY(written.ok());
    const ProxyConfig reread = parseOrFail(*written);
    compareValues(reread, edited);
    QCOMPARE(reread.fallbacksSource, SettingsSection::RouterSettings);

    const YAML::Node &document = *reread.document();
    QVERIFY(document["router_settings"]["fallbacks"].IsSequence());
    QVERIFY(!document["router_settings"]["num_retries"]); // unchanged values stay put
    const YAML::Node litellm = document["litellm_settings"];
    QVERIFY(!litellm["fallbacks"]);
    QCOMPARE(litellm["num_retries"].Scalar(), std::string("3"));
    QCOMPARE(litellm["request_timeout"].Scalar(), std::string("10"));
    QCOMPARE(litellm["allowed_fails"].Scalar(), std::string("3"));
    QCOMPARE(litellm["cooldown_time"].Scalar(), std::string("30"));
    QCOMPARE(reread.router.numRetries, std::optional<int>(3));
}

void TestConfigYaml::clearedValuesAreRemoved()
{
    const ProxyConfig parsed = parseOrFail(test::readSample(QString::fromUtf8(kLitellmSample)));
    ProxyConfig edited = parsed;
    edited.fallbacks.fallbacks.clear();
    edited.router.numRetries.reset();
    const auto written = writeConfigYaml(edited);
    QVERIFY(written.ok());
    const ProxyConfig reread = parseOrFail(*written);
    compareValues(reread, edited);
    QVERIFY(!(*reread.document())["litellm_settings"]["num_retries"]);
    QVERIFY(!(*reread.document())["litellm_settings"]["fallbacks"]);
    QCOMPARE(reread.fallbacksSource, SettingsSection::None);
}

void TestConfigYaml::editDoesNotLeakThroughAliases()
{
    const QByteArray yaml = R"(
shared: &rs {num_retries: 1, routing_strategy: least-busy}
router_settings: *rs
litellm_settings:
  cooldown_time: &n 3
  request_timeout: *n
)";
    const ProxyConfig parsed = parseOrFail(yaml);
    QCOMPARE(parsed.router.numRetries, std::optional<int>(1));
    ProxyConfig edited = parsed;
    edited.router.numRetries = 6;
    edited.router.cooldownTime = 4;
    const auto written = writeConfigYaml(edited);
    QVERIFY(written.ok());
    const ProxyConfig reread = parseOrFail(*written);
    compareValues(reread, edited);
    const YAML::Node &document = *reread.document();
    QCOMPARE(document["shared"]["num_retries"].Scalar(), std::string("1"));
    QCOMPARE(document["litellm_settings"]["request_timeout"].Scalar(), std::string("3"));
    QCOMPARE(document["router_settings"]["routing_strategy"].Scalar(), std::string("least-busy"));
    // The caller's parsed document is untouched by writing.
    QCOMPARE((*parsed.document())["router_settings"]["num_retries"].Scalar(), std::string("1"));
}

void TestConfigYaml::builtInCode()
{
    ProxyConfig config;
    QVERIFY(config.document() == nullptr);
    Deployment eu;
    eu.group = QStringLiteral("gpt-4o");
    eu.model = QStringLiteral("azure/gpt-4o-eu");
    eu.provider = QStringLiteral("azure");
    eu.apiBase = QStringLiteral("https://eu.example.invalid/");
    eu.rpm = 600;
    eu.tpm = 90000;
    eu.weight = 0.25;
    eu.order = 1;
    eu.id = QStringLiteral("123");
    eu.mode = QStringLiteral("chat");
    eu.maxInputTokens = 128000;
    Deployment bare;
    bare.group = QStringLiteral("true");
    bare.model = QStringLiteral("gpt-4o-mini");
    bare.provider = QStringLiteral("custom");
    config.deployments = {eu, bare};
    config.fallbacks.fallbacks = map({{"gpt-4o", list({"true"})}});
    config.fallbacks.maxFallbacks = 2;
    config.router.numRetries = 3;
    config.router.allowedFailsPolicy = {{QStringLiteral("RateLimitErrorAllowedFails"), 10}};
    config.prometheusCallback = true;
    config.storeModelInDb = true;

    const auto written = writeConfigYaml(config);
    QVERIFY2(written.ok(), qPrintable(written ? QString() : written.error().toString()));
    const ProxyConfig reread = parseOrFail(*written);
    compareValues(reread, config);
    QVERIFY((*reread.document())["model_list"].IsSequence());
    QVERIFY((*reread.document())["router_settings"].IsMap());
}

void TestConfigYaml::copiesAreIndependent()
{
    const ProxyConfig parsed = parseOrFail(test::readSample(QString::fromUtf8(kRouterSample)));
    ProxyConfig copy = parsed;
    ProxyConfig assigned;
    assigned = copy;
    QVERIFY(copy.document() != parsed.document());
    QCOMPARE(describe(*copy.document()), describe(*parsed.document()));
    assigned.fallbacks.fallbacks.clear();
    const auto fromAssigned = writeConfigYaml(assigned);
    const auto fromParsed = writeConfigYaml(parsed);
    QVERIFY(fromAssigned.ok() && fromParsed.ok());
    QVERIFY(parseOrFail(*fromAssigned).fallbacks.fallbacks.empty());
    QCOMPARE(parseOrFail(*fromParsed).fallbacks, parsed.fallbacks);
    ProxyConfig moved = std::move(copy);
    QVERIFY(moved.document() != nullptr);
}

void TestConfigYaml::malformed_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<ParseError::Kind>("kind");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("line"); // 0 = not checked

    using Kind = ParseError::Kind;
    // Found by fuzzing: without a final newline yaml-cpp takes the flow list as a key (and the
    // writer then wrote YAML that does not parse); PyYAML refuses such a key.
    QTest::newRow("list as key") << QByteArray("model_list:\n[\n       ]") << Kind::WrongType
                                 << QString() << 2;
    QTest::newRow("explicit complex key")
        << QByteArray("? [complex, key]\n: v\n") << Kind::WrongType << QString() << 1;
    // Found by fuzzing: yaml-cpp kept lone CRs inside a value, so it changed on write-back.
    QTest::newRow("lone carriage return")
        << QByteArray("a: b\r\rc: d\n") << Kind::Syntax << QString() << 1;
    QTest::newRow("truncated flow") << QByteArray("router_settings:\n  fallbacks: [{\"a\": [\"b\"")
                                    << Kind::Syntax << QString() << 0;
    QTest::newRow("truncated quote")
        << QByteArray("model_list:\n  - model_name: \"gpt") << Kind::Syntax << QString() << 0;
    QTest::newRow("tab indentation")
        << QByteArray("model_list:\n\t- model_name: a\n") << Kind::Syntax << QString() << 2;
    QTest::newRow("two documents")
        << QByteArray("a: 1\n---\nb: 2\n") << Kind::Syntax << QString() << 2;
    QTest::newRow("top-level list")
        << QByteArray("- a\n- b\n") << Kind::WrongType << QString() << 1;
    QTest::newRow("top-level scalar") << QByteArray("hello\n") << Kind::WrongType << QString() << 1;
    QTest::newRow("model_list map") << QByteArray("model_list:\n  a: b\n") << Kind::WrongType
                                    << QStringLiteral("model_list") << 2;
    QTest::newRow("rpm is a map")
        << QByteArray("model_list:\n  - model_name: a\n    litellm_params: {model: m}\n"
                      "  - model_name: b\n    litellm_params:\n      model: m\n"
                      "      rpm: {x: 1}\n")
        << Kind::WrongType << QStringLiteral("model_list[1].litellm_params.rpm") << 7;
    QTest::newRow("rpm is text")
        << QByteArray("model_list:\n  - model_name: a\n    litellm_params: {model: m, rpm: "
                      "lots}\n")
        << Kind::WrongType << QStringLiteral("model_list[0].litellm_params.rpm") << 3;
    QTest::newRow("rpm fraction")
        << QByteArray("model_list:\n  - model_name: a\n    litellm_params: {model: m, rpm: 1.5}\n")
        << Kind::WrongType << QStringLiteral("model_list[0].litellm_params.rpm") << 3;
    QTest::newRow("negative rpm")
        << QByteArray("model_list:\n  - model_name: a\n    litellm_params: {model: m, rpm: -1}\n")
        << Kind::OutOfRange << QStringLiteral("model_list[0].litellm_params.rpm") << 3;
    QTest::newRow("missing model_name")
        << QByteArray("model_list:\n  - litellm_params: {model: m}\n") << Kind::MissingField
        << QStringLiteral("model_list[0].model_name") << 2;
    QTest::newRow("missing model")
        << QByteArray("model_list:\n  - model_name: a\n    litellm_params: {api_base: x}\n")
        << Kind::MissingField << QStringLiteral("model_list[0].litellm_params.model") << 3;
    QTest::newRow("entry is a string") << QByteArray("model_list:\n  - gpt-4\n") << Kind::WrongType
                                       << QStringLiteral("model_list[0]") << 2;
    QTest::newRow("fallback target not a string")
        << QByteArray("router_settings:\n  fallbacks: [{\"gpt-3.5\": [\"a\", [\"b\"]]}]\n")
        << Kind::WrongType << QStringLiteral("router_settings.fallbacks[0][\"gpt-3.5\"][1]") << 2;
    QTest::newRow("fallback targets a string")
        << QByteArray("litellm_settings:\n  fallbacks: [{a: b}]\n") << Kind::WrongType
        << QStringLiteral("litellm_settings.fallbacks[0].a") << 2;
    QTest::newRow("fallbacks a string")
        << QByteArray("router_settings:\n  fallbacks: gpt-4\n") << Kind::WrongType
        << QStringLiteral("router_settings.fallbacks") << 2;
    QTest::newRow("router_settings a list")
        << QByteArray("router_settings: [1]\n") << Kind::WrongType
        << QStringLiteral("router_settings") << 1;
    QTest::newRow("num_retries bool")
        << QByteArray("router_settings:\n  num_retries: true\n") << Kind::WrongType
        << QStringLiteral("router_settings.num_retries") << 2;
    QTest::newRow("store_model_in_db maybe")
        << QByteArray("general_settings:\n  store_model_in_db: maybe\n") << Kind::WrongType
        << QStringLiteral("general_settings.store_model_in_db") << 2;
    QTest::newRow("retry_policy list")
        << QByteArray("router_settings:\n  retry_policy: [1]\n") << Kind::WrongType
        << QStringLiteral("router_settings.retry_policy") << 2;
    QTest::newRow("NUL byte") << QByteArray("a: b\n\0c: d\n", 11) << Kind::Syntax << QString() << 2;
    QTest::newRow("undefined alias") << QByteArray("a: *nope\n") << Kind::Syntax << QString() << 1;
}

void TestConfigYaml::malformed()
{
    QFETCH(QByteArray, yaml);
    QFETCH(ParseError::Kind, kind);
    QFETCH(QString, path);
    QFETCH(int, line);
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY(!config.ok());
    QCOMPARE(ParseError::kindName(config.error().kind), ParseError::kindName(kind));
    QCOMPARE(config.error().path, path);
    if (line > 0) {
        QCOMPARE(config.error().line, line);
        QVERIFY(config.error().column >= 1);
    }
    QVERIFY(!config.error().message.isEmpty());
}

void TestConfigYaml::fuzzRegressions_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reason");
    // Keys yaml-cpp reads but PyYAML refuses, which the writer turned into YAML that does not
    // parse: a flow list as a key, and a quoted key of many lines and over 1,024 characters.
    const QString litellm = QStringLiteral("LiteLLM cannot load this");
    QTest::newRow("list as key") << QStringLiteral("complex-key-regression.yaml") << litellm;
    QTest::newRow("long multi-line key") << QStringLiteral("long-key-regression.yaml") << litellm;
    // A key under 1,024 bytes whose tabs, written back as "\t", take it over: yaml-cpp then
    // reads no key at all.
    QTest::newRow("key too long once escaped") << QStringLiteral("escaped-long-key-regression.yaml")
                                               << QStringLiteral("Headroom cannot save this file");
}

void TestConfigYaml::fuzzRegressions()
{
    QFETCH(QString, file);
    QFETCH(QString, reason);
    QFile seed(QStringLiteral(HEADROOM_TESTDATA_DIR "/../fuzz/corpus/fuzz_configyaml/") + file);
    QVERIFY(seed.open(QIODevice::ReadOnly));
    const QByteArray yaml = seed.readAll();
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY(!config.ok());
    QCOMPARE(ParseError::kindName(config.error().kind),
             ParseError::kindName(ParseError::Kind::WrongType));
    QVERIFY2(config.error().message.contains(reason), qPrintable(config.error().message));
}

void TestConfigYaml::keysNearTheLimitRoundTrip_data()
{
    // One unit of a key, raw in a single-quoted YAML string: plain text, and characters that
    // take more room written back, where yaml-cpp escapes them in double quotes.
    QTest::addColumn<QByteArray>("unit");
    QTest::newRow("letters") << QByteArray("a");
    QTest::newRow("tabs") << QByteArray("a\t");
    QTest::newRow("double quotes") << QByteArray("\"b");
    QTest::newRow("backslashes") << QByteArray("\\c");
    QTest::newRow("U+0085") << QByteArray("d\xc2\x85");
    QTest::newRow("BOM") << QByteArray("\xef\xbb\xbf"
                                       "e");
    QTest::newRow("CJK") << QByteArray("\xe6\x97\xa5");
}

void TestConfigYaml::keysNearTheLimitRoundTrip()
{
    // Whatever key the loader accepts, the file written back must load again: around YAML's
    // 1,024-character limit for a key, as read and as written.
    QFETCH(QByteArray, unit);
    int accepted = 0;
    for (int n = 1; n < 1100; ++n) {
        QByteArray key;
        for (int i = 0; i < n; ++i) {
            key += unit;
        }
        const QByteArray yaml = "model_list: []\n'" + key + "': 1\n";
        const auto config = parseConfigYaml(view(yaml));
        if (!config) {
            continue;
        }
        ++accepted;
        const auto written = writeConfigYaml(*config);
        QVERIFY(written.ok());
        const auto again = parseConfigYaml(view(*written));
        QVERIFY2(again.ok(), qPrintable(QStringLiteral("%1 units: %2")
                                            .arg(n)
                                            .arg(again ? QString() : again.error().toString())));
    }
    QVERIFY(accepted > 0);
}

void TestConfigYaml::deepFlowNesting()
{
    QByteArray yaml = "a: ";
    yaml.append(QByteArray(10000, '['));
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, ParseError::Kind::TooDeep);
    QCOMPARE(config.error().line, 1);

    // Brackets in quoted scalars and comments are text, not nesting.
    QByteArray quoted = "a: \"";
    quoted.append(QByteArray(1000, '['));
    quoted.append("\"\nb: '");
    quoted.append(QByteArray(1000, '{'));
    quoted.append("'\n# ");
    quoted.append(QByteArray(1000, '['));
    quoted.append("\nc: x[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n");
    const auto text = parseConfigYaml(view(quoted));
    QVERIFY2(text.ok(), qPrintable(text ? QString() : text.error().toString()));

    // Within the limit it parses; a lower limit refuses it.
    QByteArray moderate = "a: ";
    moderate.append(QByteArray(30, '['));
    moderate.append(QByteArray(30, ']'));
    QVERIFY(parseConfigYaml(view(moderate)).ok());
    ParseLimits strict;
    strict.maxDepth = 10;
    QCOMPARE(parseConfigYaml(view(moderate), strict).error().kind, ParseError::Kind::TooDeep);
}

void TestConfigYaml::deepBlockNesting()
{
    for (const int levels : {100, 5000}) {
        QByteArray yaml;
        for (int i = 0; i < levels; ++i) {
            yaml.append(QByteArray(i, ' '));
            yaml.append("k:\n");
        }
        // How long the refusal takes is bench_hostile_inputs' figure, not an assertion here.
        const auto config = parseConfigYaml(view(yaml));
        QVERIFY(!config.ok());
        QCOMPARE(config.error().kind, ParseError::Kind::TooDeep);
        QVERIFY(config.error().line > 0);
    }
    // Block sequences nest too.
    QByteArray sequences = "a:\n";
    for (int i = 0; i < 200; ++i) {
        sequences.append("- ");
    }
    sequences.append("x\n");
    QCOMPARE(parseConfigYaml(view(sequences)).error().kind, ParseError::Kind::TooDeep);
}

void TestConfigYaml::aliasBomb()
{
    const QByteArray yaml = R"(
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
router_settings:
  fallbacks: [{x: *i}]
model_list: [*i]
)";
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, ParseError::Kind::TooLarge);

    // A long chain of aliases, each one level deeper than the last, is deep through aliases.
    QByteArray chain = "a0: &a0 [x]\n";
    for (int i = 1; i < 2000; ++i) {
        chain.append(QStringLiteral("a%1: &a%1 [*a%2]\n").arg(i).arg(i - 1).toUtf8());
    }
    const auto deep = parseConfigYaml(view(chain));
    QVERIFY(!deep.ok());
    QCOMPARE(deep.error().kind, ParseError::Kind::TooDeep);

    // Ordinary sharing is fine, and is written back as sharing.
    const QByteArray shared = "x: &p {rpm: 1}\ny: *p\nz: [*p, *p]\n";
    const auto parsed = parseConfigYaml(view(shared));
    QVERIFY(parsed.ok());
    const auto written = writeConfigYaml(*parsed);
    QVERIFY(written.ok());
    QCOMPARE(written->count('*'), 3);
}

void TestConfigYaml::aliasCycle()
{
    const auto config = parseConfigYaml("a: &a [*a]\n");
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, ParseError::Kind::TooDeep);
    QCOMPARE(config.error().line, 1);
}

void TestConfigYaml::hugeNumbers_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("1e400") << QByteArray("1e400");
    QTest::newRow("20 digits") << QByteArray("99999999999999999999");
    QTest::newRow("quoted") << QByteArray("\"99999999999999999999\"");
    QTest::newRow("negative") << QByteArray("-99999999999999999999");
    QTest::newRow("1e19") << QByteArray("1.0e19");
    QTest::newRow("inf") << QByteArray(".inf");
    QTest::newRow("hex") << QByteArray("0xFFFFFFFFFFFFFFFFFF");
}

void TestConfigYaml::hugeNumbers()
{
    QFETCH(QByteArray, value);
    const QByteArray yaml = "model_list:\n  - model_name: a\n    litellm_params:\n      model: m\n"
                            "      rpm: " +
                            value + "\n";
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, ParseError::Kind::OutOfRange);
    QCOMPARE(config.error().path, QStringLiteral("model_list[0].litellm_params.rpm"));
    QCOMPARE(config.error().line, 5);

    const QByteArray retries = "router_settings:\n  num_retries: 3000000000\n";
    QCOMPARE(parseConfigYaml(view(retries)).error().kind, ParseError::Kind::OutOfRange);
    const QByteArray cooldown = "router_settings:\n  cooldown_time: 1e400\n";
    QCOMPARE(parseConfigYaml(view(cooldown)).error().kind, ParseError::Kind::OutOfRange);
}

void TestConfigYaml::invalidUtf8()
{
    for (const QByteArray &bad :
         {QByteArray("model_list:\n  - model_name: \xff\n"), QByteArray("a: \"\xc0\xaf\"\n"),
          QByteArray("a: \xed\xa0\x80\n"), QByteArray("a: \xe2\x82\n")}) {
        const auto config = parseConfigYaml(view(bad));
        QVERIFY(!config.ok());
        QCOMPARE(config.error().kind, ParseError::Kind::Encoding);
        QVERIFY(config.error().offset > 0);
        QVERIFY(config.error().line >= 1);
    }
    const QByteArray good = "a: \"caf\xc3\xa9 \xf0\x9f\x98\x80\"\n";
    QVERIFY(parseConfigYaml(view(good)).ok());
}

void TestConfigYaml::tooLarge()
{
    // 100 MB of otherwise valid YAML: refused on its size alone, before parsing.
    QByteArray yaml("a: \"");
    yaml.append(QByteArray(100 * 1024 * 1024, 'x'));
    yaml.append("\"\n");
    const auto config = parseConfigYaml(view(yaml));
    QVERIFY(!config.ok());
    QCOMPARE(config.error().kind, ParseError::Kind::TooLarge);
    // Refused on its size alone: no line was read, so no position is given.
    QCOMPARE(config.error().line, 0);

    ParseLimits small;
    small.maxBytes = 16;
    QCOMPARE(parseConfigYaml("model_list: [] # seventeen+", small).error().kind,
             ParseError::Kind::TooLarge);
}

QTEST_APPLESS_MAIN(TestConfigYaml)
#include "tst_configyaml.moc"
