// The admin API bodies: /fallback requests and answers, /config/update, /router/settings, read
// from hand-written JSON in LiteLLM's shapes and written back.

#include "config/adminbodies.h"

#include <QTest>

using namespace headroom;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(headroom::ParseError::Kind)

// QCOMPARE prints a JSON value that differs as its compact text (found by argument lookup).
namespace nlohmann {
inline char *toString(const json &value)
{
    return qstrdup(value.dump().c_str());
}
} // namespace nlohmann

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

} // namespace

class TestAdminBodies : public QObject {
    Q_OBJECT
private slots:
    void fallbackTypeNames_data();
    void fallbackTypeNames();
    void fallbackMapSelectsTheList();
    void readsFallbackRequest_data();
    void readsFallbackRequest();
    void refusesFallbackRequest_data();
    void refusesFallbackRequest();
    void fallbackRequestRoundTrip();
    void fallbackResponses_data();
    void fallbackResponses();
    void readsConfigUpdate();
    void refusesConfigUpdate_data();
    void refusesConfigUpdate();
    void configUpdateWritesOnlyGivenSections();
    void readsRouterSettingsResponse();
    void routerSettingsResponseRoundTrip();
    void adminMessage();
};

void TestAdminBodies::fallbackTypeNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("known");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("written");
    QTest::newRow("empty is general")
        << QString() << true << int(FallbackType::General) << QStringLiteral("general");
    QTest::newRow("general") << QStringLiteral("general") << true << int(FallbackType::General)
                             << QStringLiteral("general");
    QTest::newRow("context window")
        << QStringLiteral("context_window") << true << int(FallbackType::ContextWindow)
        << QStringLiteral("context_window");
    QTest::newRow("content policy")
        << QStringLiteral("content_policy") << true << int(FallbackType::ContentPolicy)
        << QStringLiteral("content_policy");
    QTest::newRow("case matters") << QStringLiteral("General") << false << 0 << QString();
    QTest::newRow("unknown") << QStringLiteral("sideways") << false << 0 << QString();
}

void TestAdminBodies::fallbackTypeNames()
{
    QFETCH(QString, name);
    QFETCH(bool, known);
    QFETCH(int, type);
    QFETCH(QString, written);
    const auto parsed = fallbackTypeFromName(name);
    QCOMPARE(parsed.has_value(), known);
    if (known) {
        QCOMPARE(int(*parsed), type);
        QCOMPARE(QString::fromUtf8(fallbackTypeName(*parsed)), written);
    }
}

void TestAdminBodies::fallbackMapSelectsTheList()
{
    FallbackConfig config;
    config.fallbacks = {{QStringLiteral("a"), {QStringLiteral("b")}}};
    config.contextWindowFallbacks = {{QStringLiteral("c"), {QStringLiteral("d")}}};
    config.contentPolicyFallbacks = {{QStringLiteral("e"), {QStringLiteral("f")}}};
    QCOMPARE(fallbackMap(config, FallbackType::General).front().first, QStringLiteral("a"));
    QCOMPARE(fallbackMap(config, FallbackType::ContextWindow).front().first, QStringLiteral("c"));
    const FallbackConfig &constant = config;
    QCOMPARE(fallbackMap(constant, FallbackType::ContentPolicy).front().first, QStringLiteral("e"));
    fallbackMap(config, FallbackType::ContentPolicy).clear();
    QVERIFY(config.contentPolicyFallbacks.empty());
    QCOMPARE(config.fallbacks.size(), std::size_t(1));
}

void TestAdminBodies::readsFallbackRequest_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<int>("type");
    QTest::newRow("documented form")
        << QByteArray(R"({"model": "gpt-4o", "fallback_models": ["gpt-4o-mini", "claude"],
                          "fallback_type": "general"})")
        << QStringLiteral("gpt-4o")
        << QStringList{QStringLiteral("gpt-4o-mini"), QStringLiteral("claude")}
        << int(FallbackType::General);
    QTest::newRow("type omitted is general")
        << QByteArray(R"({"model": "a", "fallback_models": ["b"]})") << QStringLiteral("a")
        << QStringList{QStringLiteral("b")} << int(FallbackType::General);
    QTest::newRow("type null is general")
        << QByteArray(R"({"model": "a", "fallback_models": ["b"], "fallback_type": null})")
        << QStringLiteral("a") << QStringList{QStringLiteral("b")} << int(FallbackType::General);
    QTest::newRow("context window")
        << QByteArray(
               R"({"model": "a", "fallback_models": ["b"], "fallback_type": "context_window"})")
        << QStringLiteral("a") << QStringList{QStringLiteral("b")}
        << int(FallbackType::ContextWindow);
    QTest::newRow("unknown keys ignored")
        << QByteArray(R"({"model": "a", "fallback_models": ["b"], "note": 1})")
        << QStringLiteral("a") << QStringList{QStringLiteral("b")} << int(FallbackType::General);
}

void TestAdminBodies::readsFallbackRequest()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, model);
    QFETCH(QStringList, targets);
    QFETCH(int, type);
    const auto request = readFallbackRequest(view(body));
    QVERIFY2(request.ok(), qPrintable(request.ok() ? QString() : request.error().toString()));
    QCOMPARE(request->model, model);
    QCOMPARE(request->fallbackModels, targets);
    QCOMPARE(int(request->type), type);
}

void TestAdminBodies::refusesFallbackRequest_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ParseError::Kind>("kind");
    QTest::addColumn<QString>("path");
    QTest::newRow("not json") << QByteArray("fallbacks please") << ParseError::Kind::Syntax
                              << QString();
    QTest::newRow("array") << QByteArray("[]") << ParseError::Kind::WrongType
                           << QStringLiteral("/");
    QTest::newRow("no model") << QByteArray(R"({"fallback_models": ["b"]})")
                              << ParseError::Kind::MissingField << QStringLiteral("/model");
    QTest::newRow("no targets") << QByteArray(R"({"model": "a"})") << ParseError::Kind::MissingField
                                << QStringLiteral("/fallback_models");
    QTest::newRow("empty targets")
        << QByteArray(R"({"model": "a", "fallback_models": []})") << ParseError::Kind::MissingField
        << QStringLiteral("/fallback_models");
    QTest::newRow("targets not a list")
        << QByteArray(R"({"model": "a", "fallback_models": "b"})") << ParseError::Kind::WrongType
        << QStringLiteral("/fallback_models");
    QTest::newRow("target not a string")
        << QByteArray(R"({"model": "a", "fallback_models": ["b", 7]})")
        << ParseError::Kind::WrongType << QStringLiteral("/fallback_models/1");
    QTest::newRow("bad type")
        << QByteArray(R"({"model": "a", "fallback_models": ["b"], "fallback_type": "sideways"})")
        << ParseError::Kind::WrongType << QStringLiteral("/fallback_type");
    QTest::newRow("duplicate key")
        << QByteArray(R"({"model": "a", "model": "b", "fallback_models": ["c"]})")
        << ParseError::Kind::DuplicateKey << QString();
}

void TestAdminBodies::refusesFallbackRequest()
{
    QFETCH(QByteArray, body);
    QFETCH(ParseError::Kind, kind);
    QFETCH(QString, path);
    const auto request = readFallbackRequest(view(body));
    QVERIFY(!request.ok());
    QCOMPARE(request.error().kind, kind);
    if (!path.isEmpty()) {
        QCOMPARE(request.error().path, path);
    }
    QVERIFY(!request.error().toString().isEmpty());
}

void TestAdminBodies::fallbackRequestRoundTrip()
{
    const FallbackRequest request{QStringLiteral("gpt-4o"),
                                  {QStringLiteral("gpt-4o-mini"), QStringLiteral("claude")},
                                  FallbackType::ContentPolicy};
    const Json written = fallbackRequestToJson(request);
    QCOMPARE(written, Json::parse(R"({"model": "gpt-4o",
                                      "fallback_models": ["gpt-4o-mini", "claude"],
                                      "fallback_type": "content_policy"})"));
    const QByteArray text = QByteArray::fromStdString(written.dump());
    const auto read = readFallbackRequest(view(text));
    QVERIFY(read.ok());
    QVERIFY(read.value() == request);
}

void TestAdminBodies::fallbackResponses_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("hasModels");
    QTest::addColumn<bool>("hasMessage");
    // POST /fallback, GET /fallback/{model} and DELETE /fallback/{model}, as LiteLLM answers.
    QTest::newRow("post") << QByteArray(R"({"model": "a", "fallback_models": ["b"],
        "fallback_type": "general", "message": "Fallback configuration created successfully"})")
                          << true << true;
    QTest::newRow("get")
        << QByteArray(R"({"model": "a", "fallback_models": ["b"], "fallback_type": "general"})")
        << true << false;
    QTest::newRow("delete") << QByteArray(R"({"model": "a", "fallback_type": "general",
        "message": "Fallback configuration deleted successfully"})")
                            << false << true;
}

void TestAdminBodies::fallbackResponses()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, hasModels);
    QFETCH(bool, hasMessage);
    const auto response = readFallbackResponse(view(body));
    QVERIFY2(response.ok(), qPrintable(response.ok() ? QString() : response.error().toString()));
    QCOMPARE(response->model, QStringLiteral("a"));
    QCOMPARE(response->fallbackModels.has_value(), hasModels);
    if (hasModels) {
        QCOMPARE(*response->fallbackModels, QStringList{QStringLiteral("b")});
    }
    QCOMPARE(response->message.has_value(), hasMessage);
    // Written back, the same members and nothing else.
    QCOMPARE(fallbackResponseToJson(response.value()), Json::parse(body.toStdString()));
}

void TestAdminBodies::readsConfigUpdate()
{
    RouterSettingsUpdate base;
    base.settings.numRetries = 1;
    base.settings.cooldownTime = 30;
    base.fallbacks.fallbacks = {{QStringLiteral("a"), {QStringLiteral("b")}}};
    const QByteArray body = R"({"router_settings": {"num_retries": 3,
                                                    "fallbacks": [{"x": ["y", "z"]}]},
                                "litellm_settings": {"request_timeout": 600},
                                "environment_variables": {}})";
    const auto request = readConfigUpdateRequest(view(body), base);
    QVERIFY2(request.ok(), qPrintable(request.ok() ? QString() : request.error().toString()));
    QVERIFY(request->routerSettings.has_value());
    QCOMPARE(request->routerSettings->settings.numRetries.value_or(-1), 3);      // given
    QCOMPARE(request->routerSettings->settings.cooldownTime.value_or(-1), 30.0); // kept
    const FallbackMap expected = {
        {QStringLiteral("x"), {QStringLiteral("y"), QStringLiteral("z")}}};
    QVERIFY(request->routerSettings->fallbacks.fallbacks == expected); // the list replaced whole
    QVERIFY(!request->generalSettings.has_value());
    QCOMPARE(request->litellmSettings->at("request_timeout").get<int>(), 600);
    QVERIFY(request->environmentVariables->empty());
}

void TestAdminBodies::refusesConfigUpdate_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<ParseError::Kind>("kind");
    QTest::addColumn<QString>("path");
    QTest::newRow("not json") << QByteArray("{{{") << ParseError::Kind::Syntax << QString();
    QTest::newRow("not an object")
        << QByteArray("[1]") << ParseError::Kind::WrongType << QStringLiteral("/");
    QTest::newRow("section not an object")
        << QByteArray(R"({"router_settings": 3})") << ParseError::Kind::WrongType
        << QStringLiteral("/router_settings");
    QTest::newRow("general settings a list")
        << QByteArray(R"({"general_settings": []})") << ParseError::Kind::WrongType
        << QStringLiteral("/general_settings");
    QTest::newRow("fallbacks wrong type")
        << QByteArray(R"({"router_settings": {"fallbacks": "everything"}})")
        << ParseError::Kind::WrongType << QStringLiteral("/router_settings/fallbacks");
    QTest::newRow("negative retries")
        << QByteArray(R"({"router_settings": {"num_retries": -4}})") << ParseError::Kind::OutOfRange
        << QStringLiteral("/router_settings/num_retries");
}

void TestAdminBodies::refusesConfigUpdate()
{
    QFETCH(QByteArray, body);
    QFETCH(ParseError::Kind, kind);
    QFETCH(QString, path);
    const auto request = readConfigUpdateRequest(view(body), {});
    QVERIFY(!request.ok());
    QCOMPARE(request.error().kind, kind);
    if (!path.isEmpty()) {
        QCOMPARE(request.error().path, path);
    }
}

void TestAdminBodies::configUpdateWritesOnlyGivenSections()
{
    ConfigUpdateRequest request;
    QCOMPARE(configUpdateRequestToJson(request), Json::object());
    RouterSettingsUpdate settings;
    settings.settings.numRetries = 2;
    settings.fallbacks.fallbacks = {{QStringLiteral("a"), {QStringLiteral("b")}}};
    request.routerSettings = settings;
    request.generalSettings = Json::parse(R"({"background_health_checks": true})");
    QCOMPARE(configUpdateRequestToJson(request),
             // The three fallback lists are always written, empty ones too: a push that
             // sends router_settings states every list, so an emptied list is cleared.
             Json::parse(R"({"router_settings": {"num_retries": 2, "fallbacks": [{"a": ["b"]}],
                                                 "context_window_fallbacks": [],
                                                 "content_policy_fallbacks": []},
                             "general_settings": {"background_health_checks": true}})"));
}

void TestAdminBodies::readsRouterSettingsResponse()
{
    // Trimmed to two fields; current_values carries keys Headroom does not model.
    const QByteArray body = R"({
      "fields": [
        {"field_name": "num_retries", "field_type": "Integer", "field_description": "retries",
         "field_default": 2, "field_value": 4, "options": null},
        {"field_name": "fallbacks", "field_type": "List", "field_description": "fallbacks",
         "field_default": [], "field_value": [{"a": ["b"]}]}
      ],
      "current_values": {"num_retries": 4, "fallbacks": [{"a": ["b"]}],
                         "routing_strategy": "usage-based-routing-v2",
                         "model_group_alias": {}, "timeout": null},
      "routing_strategy_descriptions": {"simple-shuffle": "random"}
    })";
    const auto response = readRouterSettingsResponse(view(body));
    QVERIFY2(response.ok(), qPrintable(response.ok() ? QString() : response.error().toString()));
    QCOMPARE(response->current.settings.numRetries.value_or(-1), 4);
    QCOMPARE(response->current.settings.routingStrategy, QStringLiteral("usage-based-routing-v2"));
    const FallbackMap expected = {{QStringLiteral("a"), {QStringLiteral("b")}}};
    QVERIFY(response->current.fallbacks.fallbacks == expected);
    QCOMPARE(response->fields.size(), std::size_t(2));
    QCOMPARE(response->fields[0].name, QStringLiteral("num_retries"));
    QCOMPARE(response->fields[0].value, Json(4));
    QCOMPARE(response->strategyDescriptions.size(), std::size_t(1));

    const auto missing = readRouterSettingsResponse(view(QByteArray(R"({"fields": []})")));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().path, QStringLiteral("/current_values"));
    const auto badValue = readRouterSettingsResponse(
        view(QByteArray(R"({"current_values": {"cooldown_time": "soon"}})")));
    QVERIFY(!badValue.ok());
    QCOMPARE(badValue.error().path, QStringLiteral("/current_values/cooldown_time"));
}

void TestAdminBodies::routerSettingsResponseRoundTrip()
{
    RouterSettingsUpdate current;
    current.settings.numRetries = 3;
    current.fallbacks.fallbacks = {{QStringLiteral("small"), {QStringLiteral("big")}}};
    const RouterSettingsResponse response = routerSettingsResponse(current);
    // Every field is described; a set value is the value, an unset one LiteLLM's default.
    const auto field = [&response](const char *name) {
        for (const RouterSettingsField &f : response.fields) {
            if (f.name == QLatin1String(name)) {
                return f;
            }
        }
        return RouterSettingsField{};
    };
    QCOMPARE(field("num_retries").value, Json(3));
    QCOMPARE(field("cooldown_time").value, Json(5));
    QCOMPARE(field("max_fallbacks").value, Json(5));
    QCOMPARE(field("fallbacks").value, Json::parse(R"([{"small": ["big"]}])"));

    const Json written = routerSettingsResponseToJson(response);
    QCOMPARE(written.at("current_values"),
             Json::parse(R"({"num_retries": 3, "fallbacks": [{"small": ["big"]}],
                             "context_window_fallbacks": [], "content_policy_fallbacks": []})"));
    const QByteArray text = QByteArray::fromStdString(written.dump());
    const auto read = readRouterSettingsResponse(view(text));
    QVERIFY(read.ok());
    QVERIFY(read->current.settings == current.settings);
    QVERIFY(read->current.fallbacks == current.fallbacks);
    QVERIFY(read->fields == response.fields);
    QCOMPARE(read->strategyDescriptions, response.strategyDescriptions);
}

void TestAdminBodies::adminMessage()
{
    const Json written = adminMessageToJson(QStringLiteral("Config updated successfully"));
    QCOMPARE(written, Json::parse(R"({"message": "Config updated successfully"})"));
    const auto read = readAdminMessage(view(QByteArray::fromStdString(written.dump())));
    QVERIFY(read.ok());
    QCOMPARE(read.value(), QStringLiteral("Config updated successfully"));
    QVERIFY(!readAdminMessage(view(QByteArray(R"({"detail": "no"})"))).ok());
}

QTEST_GUILESS_MAIN(TestAdminBodies)
#include "tst_adminbodies.moc"
