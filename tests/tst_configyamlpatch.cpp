// patchConfigYaml: a desired chain written into config.yaml text. The expected files are written
// out by hand below: only the managed lines change, comments and layout elsewhere stay, unknown
// keys and os.environ/ references are untouched; where the text cannot be patched safely (flow
// style, anchors) the whole-document write is used and says so; the result always reads back as
// exactly the desired chain.

#include "config/configyamlpatch.h"

#include <QTest>

using namespace headroom;

namespace {

const QString A = QStringLiteral("a");
const QString B = QStringLiteral("b");
const QString C = QStringLiteral("c");

const char *const kHead = "# Production proxy: edited by hand, keep the comments\n"
                          "model_list:\n"
                          "  - model_name: a   # primary\n"
                          "    litellm_params:\n"
                          "      model: openai/a\n"
                          "      api_key: os.environ/OPENAI_KEY\n"
                          "  - model_name: b\n"
                          "    litellm_params:\n"
                          "      model: openai/b\n"
                          "      api_key: os.environ/OPENAI_KEY\n"
                          "  - model_name: c\n"
                          "    litellm_params:\n"
                          "      model: openai/c\n"
                          "      api_key: \"os.environ/OTHER_KEY\"\n";

const char *const kTail = "\n"
                          "general_settings:\n"
                          "  master_key: os.environ/LITELLM_MASTER_KEY\n"
                          "  custom_thing: {x: 1}  # unknown to Headroom\n";

QByteArray file(const char *middle)
{
    return QByteArray(kHead) + middle + kTail;
}

struct Desired {
    FallbackConfig fallbacks;
    RouterSettings settings;
};

// The file's current values with `edit` applied.
Desired desiredFrom(const QByteArray &text, const std::function<void(Desired &)> &edit)
{
    const auto parsed =
        parseConfigYaml(std::string_view(text.constData(), std::size_t(text.size())));
    if (!parsed) {
        qFatal("test input does not parse: %s", qPrintable(parsed.error().toString()));
    }
    Desired d{parsed->fallbacks, parsed->router};
    edit(d);
    return d;
}

using Edit = std::function<void(Desired &)>;

} // namespace

Q_DECLARE_METATYPE(Edit)
Q_DECLARE_METATYPE(ConfigPatch::Method)

class TestConfigYamlPatch : public QObject {
    Q_OBJECT
private slots:
    void patches_data();
    void patches();
    void refusesWhatDoesNotParse();
};

void TestConfigYamlPatch::patches_data()
{
    QTest::addColumn<QByteArray>("original");
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<ConfigPatch::Method>("method");
    QTest::addColumn<QByteArray>("expected"); // the whole new file; empty: not compared

    const QByteArray oneLine = file("\n"
                                    "router_settings:\n"
                                    "  # retries per group before falling back\n"
                                    "  num_retries: 2   # LiteLLM's default\n"
                                    "  fallbacks: [{\"a\": [\"b\"]}]\n"
                                    "  unknown_router_key: keep me\n");
    QTest::newRow("one-line values replaced, their comment kept")
        << oneLine << Edit([](Desired &d) {
               d.fallbacks.fallbacks = {{A, {C, B}}};
               d.settings.numRetries = 3;
           })
        << ConfigPatch::Method::LinePatch
        << file("\n"
                "router_settings:\n"
                "  # retries per group before falling back\n"
                "  num_retries: 3  # LiteLLM's default\n"
                "  fallbacks: [{\"a\": [\"c\", \"b\"]}]\n"
                "  unknown_router_key: keep me\n");

    QTest::newRow("a block list replaced by one line") << file("\n"
                                                               "router_settings:\n"
                                                               "  fallbacks:\n"
                                                               "    - a:\n"
                                                               "        - b\n"
                                                               "    - b: [c]\n"
                                                               "\n"
                                                               "  # cooling down\n"
                                                               "  cooldown_time: 30\n")
                                                       << Edit([](Desired &d) {
                                                              d.fallbacks.fallbacks = {{A, {C}}};
                                                          })
                                                       << ConfigPatch::Method::LinePatch
                                                       << file("\n"
                                                               "router_settings:\n"
                                                               "  fallbacks: [{\"a\": [\"c\"]}]\n"
                                                               "\n"
                                                               "  # cooling down\n"
                                                               "  cooldown_time: 30\n");

    QTest::newRow("a new key after the section's last, before its trailing comment")
        << file("\n"
                "router_settings:\n"
                "    routing_strategy: simple-shuffle\n"
                "    # end of the router's settings\n")
        << Edit([](Desired &d) {
               d.fallbacks.maxFallbacks = 2;
               d.fallbacks.defaultFallbacks = {C};
           })
        << ConfigPatch::Method::LinePatch
        << file("\n"
                "router_settings:\n"
                "    routing_strategy: simple-shuffle\n"
                "    default_fallbacks: [\"c\"]\n"
                "    max_fallbacks: 2\n"
                "    # end of the router's settings\n");

    QTest::newRow("a value removed")
        << oneLine << Edit([](Desired &d) { d.fallbacks.fallbacks.clear(); })
        << ConfigPatch::Method::LinePatch
        << file("\n"
                "router_settings:\n"
                "  # retries per group before falling back\n"
                "  num_retries: 2   # LiteLLM's default\n"
                "  unknown_router_key: keep me\n");

    {
        // No router_settings, and no line break at the end: the section is appended.
        const QByteArray noRouter = QByteArray(kHead) + "litellm_settings:\n  drop_params: true";
        QTest::newRow("router_settings appended")
            << noRouter << Edit([](Desired &d) {
                   d.fallbacks.fallbacks = {{A, {B}}};
               })
            << ConfigPatch::Method::LinePatch
            << QByteArray(kHead) + "litellm_settings:\n  drop_params: true\n"
                                   "router_settings:\n  fallbacks: [{\"a\": [\"b\"]}]\n";
    }
    {
        // LiteLLM reads fallbacks from litellm_settings when router_settings has none; a new
        // value goes to router_settings and the old one leaves litellm_settings.
        const QByteArray inLitellm = file("\n"
                                          "litellm_settings:\n"
                                          "  callbacks: [\"prometheus\"]\n"
                                          "  fallbacks: [{\"a\": [\"b\"]}]  # old place\n"
                                          "  drop_params: true\n"
                                          "router_settings:\n"
                                          "  num_retries: 1\n");
        QTest::newRow("moved out of litellm_settings") << inLitellm << Edit([](Desired &d) {
            d.fallbacks.fallbacks = {{B, {A}}};
        }) << ConfigPatch::Method::LinePatch
                                                       << file("\n"
                                                               "litellm_settings:\n"
                                                               "  callbacks: [\"prometheus\"]\n"
                                                               "  drop_params: true\n"
                                                               "router_settings:\n"
                                                               "  num_retries: 1\n"
                                                               "  fallbacks: [{\"b\": [\"a\"]}]\n");
    }
    {
        QByteArray crlf = oneLine;
        crlf.replace("\n", "\r\n");
        QByteArray expected = file("\n"
                                   "router_settings:\n"
                                   "  # retries per group before falling back\n"
                                   "  num_retries: 2   # LiteLLM's default\n"
                                   "  fallbacks: [{\"a\": [\"b\"]}]\n"
                                   "  unknown_router_key: keep me\n"
                                   "  cooldown_time: 12.5\n");
        expected.replace("\n", "\r\n");
        QTest::newRow("CRLF line breaks kept")
            << crlf << Edit([](Desired &d) { d.settings.cooldownTime = 12.5; })
            << ConfigPatch::Method::LinePatch << expected;
    }
    QTest::newRow("unchanged") << oneLine << Edit([](Desired &) {})
                               << ConfigPatch::Method::Unchanged << oneLine;

    // Not patched as text: written whole (comments go, keys and references stay).
    QTest::newRow("flow-style router_settings")
        << file("\nrouter_settings: {num_retries: 2, fallbacks: [{a: [b]}]}\n")
        << Edit([](Desired &d) {
               d.fallbacks.fallbacks = {{A, {C}}};
           })
        << ConfigPatch::Method::WholeDocument << QByteArray();
    QTest::newRow("an anchor in a managed value")
        << file("\n"
                "router_settings:\n"
                "  fallbacks: &chain [{\"a\": [\"b\"]}]\n"
                "  context_window_fallbacks: *chain\n")
        << Edit([](Desired &d) {
               d.fallbacks.fallbacks = {{A, {C}}};
           })
        << ConfigPatch::Method::WholeDocument << QByteArray();
    QTest::newRow("a merge key") << file("\n"
                                         "defaults: &defaults\n"
                                         "  num_retries: 4\n"
                                         "router_settings:\n"
                                         "  <<: *defaults\n"
                                         "  cooldown_time: 5\n")
                                 << Edit([](Desired &d) { d.settings.numRetries = 1; })
                                 << ConfigPatch::Method::WholeDocument << QByteArray();
}

void TestConfigYamlPatch::patches()
{
    QFETCH(QByteArray, original);
    QFETCH(Edit, edit);
    QFETCH(ConfigPatch::Method, method);
    QFETCH(QByteArray, expected);

    const Desired want = desiredFrom(original, edit);
    const auto patch =
        patchConfigYaml(std::string_view(original.constData(), std::size_t(original.size())),
                        want.fallbacks, want.settings);
    QVERIFY2(patch, patch ? "" : qPrintable(patch.error().toString()));
    QVERIFY2(patch->method == method, qPrintable(configPatchMethodName(patch->method) +
                                                 QStringLiteral(": ") + patch->wholeDocReason));
    QVERIFY(!patch->kept.isEmpty());
    if (!expected.isEmpty()) {
        QCOMPARE(patch->text, expected);
    }
    // Read back: exactly the desired chain, the same deployments (their os.environ/ keys).
    const auto reread =
        parseConfigYaml(std::string_view(patch->text.constData(), std::size_t(patch->text.size())));
    QVERIFY(reread);
    QCOMPARE(reread->fallbacks, want.fallbacks);
    QCOMPARE(reread->router, want.settings);
    const auto before =
        parseConfigYaml(std::string_view(original.constData(), std::size_t(original.size())));
    QCOMPARE(reread->deployments, before->deployments);
    QCOMPARE(reread->masterKeyFingerprint, before->masterKeyFingerprint);
    // Every os.environ/ reference and every key Headroom does not know is still in the text.
    QCOMPARE(patch->text.count("os.environ/"), original.count("os.environ/"));
    for (const char *unknown : {"custom_thing", "unknown_router_key", "drop_params"}) {
        QCOMPARE(patch->text.contains(unknown), original.contains(unknown));
    }
    if (method == ConfigPatch::Method::WholeDocument) {
        QVERIFY(!patch->wholeDocReason.isEmpty());
        QVERIFY(patch->kept.contains(QStringLiteral("not the comments")));
    }
}

void TestConfigYamlPatch::refusesWhatDoesNotParse()
{
    const QByteArray broken = "model_list: [\n  - oops: {\n";
    const auto patch =
        patchConfigYaml(std::string_view(broken.constData(), std::size_t(broken.size())),
                        FallbackConfig{}, RouterSettings{});
    QVERIFY(!patch);
    QVERIFY(!patch.error().message.isEmpty());
}

QTEST_GUILESS_MAIN(TestConfigYamlPatch)
#include "tst_configyamlpatch.moc"
