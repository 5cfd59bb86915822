// Prometheus text exposition / OpenMetrics parser: the real LiteLLM samples, family resolution,
// escapes, numbers, timestamps, whitespace modes and malformed input.

#include "prom/promtext.h"
#include "samples.h"

#include <cmath>
#include <limits>
#include <memory>
#include <QLocale>
#include <QTest>

using headroom::ParseError;
namespace prom = headroom::prom;

Q_DECLARE_METATYPE(ParseError::Kind)

namespace {

QString str(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

QString num(double value)
{
    if (std::isnan(value)) {
        return QStringLiteral("NaN");
    }
    if (std::isinf(value)) {
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    }
    if (value == 0 && std::signbit(value)) {
        return QStringLiteral("-0");
    }
    return QString::number(value, 'f', QLocale::FloatingPointShortest);
}

// A readable dump of everything the parser reports, one line per family or sample:
//   "#family h histogram help=... unit=..."  and  "h_bucket[h:histogram]{le=0.1} 1 @1000".
class Dump final : public prom::Visitor {
public:
    QStringList lines;

    void family(const prom::FamilyView &family) override
    {
        QString line = QStringLiteral("#family %1 %2")
                           .arg(str(family.name), str(prom::metricTypeName(family.type)));
        if (!family.help.empty()) {
            line += QStringLiteral(" help=%1").arg(str(family.help));
        }
        if (!family.unit.empty()) {
            line += QStringLiteral(" unit=%1").arg(str(family.unit));
        }
        lines << line;
    }

    void sample(const prom::SampleView &sample) override
    {
        QString line =
            QStringLiteral("%1[%2:%3]")
                .arg(str(sample.name), str(sample.family), str(prom::metricTypeName(sample.type)));
        if (!sample.labels.empty()) {
            QStringList labels;
            for (const prom::Label &label : sample.labels) {
                labels << str(label.name) + QLatin1Char('=') +
                              QString::fromStdString(label.value());
            }
            line += QLatin1Char('{') + labels.join(QLatin1Char(',')) + QLatin1Char('}');
        }
        line += QLatin1Char(' ') + num(sample.value);
        if (sample.timestampMs) {
            line += QStringLiteral(" @") + num(*sample.timestampMs);
        }
        lines << line;
    }
};

prom::ParseOptions options(int format, bool lenient)
{
    prom::ParseOptions o;
    o.format = prom::Format(format);
    o.lenientWhitespace = lenient;
    return o;
}

constexpr int Auto = int(prom::Format::Auto);
constexpr int Text004 = int(prom::Format::Text004);
constexpr int OpenMetrics = int(prom::Format::OpenMetrics);

// A small but complete exposition in the shape prometheus_client writes for LiteLLM.
const char *const kRichExposition =
    "# HELP litellm_deployment_state LLM Deployment Analytics - 0 healthy\\nsecond line\n"
    "# TYPE litellm_deployment_state gauge\n"
    "litellm_deployment_state{api_base=\"https://api.openai.com/v1\",api_provider=\"openai\","
    "litellm_model_name=\"gpt-4o\",model_id=\"7499d31f\"} 0.0\n"
    "# HELP litellm_request_total_latency_metric Total latency (seconds) for a request\n"
    "# TYPE litellm_request_total_latency_metric histogram\n"
    "litellm_request_total_latency_metric_bucket{api_key_alias=\"None\",le=\"0.005\","
    "model=\"gpt-4o\"} 1.0\n"
    "litellm_request_total_latency_metric_bucket{api_key_alias=\"None\",le=\"+Inf\","
    "model=\"gpt-4o\"} 3.0\n"
    "litellm_request_total_latency_metric_count{api_key_alias=\"None\",model=\"gpt-4o\"} 3.0\n"
    "litellm_request_total_latency_metric_sum{api_key_alias=\"None\",model=\"gpt-4o\"} 1.5e-3\n"
    "# TYPE litellm_deployment_failure_responses counter\n"
    "litellm_deployment_failure_responses_total{exception_class=\"Openai.RateLimitError\","
    "exception_status=\"429\",team=\"caf\xc3\xa9 \\\"q\\\" \\\\ \\n\"} 7.0 1700000000000\n"
    "litellm_deployment_failure_responses_created{exception_status=\"429\"} 1.7e9\n"
    "litellm_remaining_tokens_metric{model_group=\"gpt-4o\"} +Inf\n"
    "litellm_other NaN\n";

} // namespace

class TestPromText : public QObject {
    Q_OBJECT
private slots:
    void everySampleFileIsCovered();
    void realSamples_data();
    void realSamples();
    void failureResponsesSampleHasNoValue();
    void prettyPrintedSamplesAreRejectedInStrictMode_data();
    void prettyPrintedSamplesAreRejectedInStrictMode();
    void rawSampleFamilies();

    void accepts_data();
    void accepts();
    void rejects_data();
    void rejects();

    void labelViewsAndEscapes();
    void stats();
    void samplesBeforeAnErrorAreDelivered();
    void autoDetectsOpenMetrics_data();
    void autoDetectsOpenMetrics();
    void tooLargeIsRefusedBeforeReading();
    void tooManyLabels();
    void everyPrefixOfAValidExpositionIsHandled_data();
    void everyPrefixOfAValidExpositionIsHandled();
    void documentSharesTheBuffer();
    void documentFindAndLabels();
    void documentReportsErrors();
    void metricTypeNames();
};

// ---- real payloads -------------------------------------------------------------------------

void TestPromText::everySampleFileIsCovered()
{
    const QStringList files = headroom::test::samplesMatching(QStringLiteral("metrics_*.txt"));
    const QStringList covered{
        QStringLiteral("metrics_deployment_cooled_down_pr5705.txt"),
        QStringLiteral("metrics_deployment_failure_responses_pr5967.txt"),
        QStringLiteral("metrics_raw_exposition_pr27660.txt"),
        QStringLiteral("metrics_remaining_tokens_pr5924.txt"),
    };
    QVERIFY2(!files.isEmpty(), qPrintable(headroom::test::samplesDir()));
    for (const QString &file : files) {
        QVERIFY2(covered.contains(file), qPrintable(file + QStringLiteral(" has no test row")));
    }
}

void TestPromText::realSamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("dump");

    QTest::newRow("cooled_down_pr5705")
        << QStringLiteral("metrics_deployment_cooled_down_pr5705.txt")
        << QStringList{
               QStringLiteral(
                   "litellm_deployment_cooled_down_total[litellm_deployment_cooled_down_total:"
                   "untyped]{api_base=https://exampleopenaiendpoint-production-c715.up.railway.app/"
                   "v1/projects/adroit-crow-413218/locations/us-central1/publishers/google/models/"
                   "gemini-1.0-pro-vision-001,api_provider=vertex_ai,exception_status=429,"
                   "litellm_model_name=gemini-vision,model_id="
                   "4bf8decd1e2000a9d0c745ccc0a8bf651b84a7f6381001c0f7752535007915af} 35"),
               QStringLiteral(
                   "litellm_deployment_cooled_down_total[litellm_deployment_cooled_down_total:"
                   "untyped]{api_base=https://exampleopenaiendpoint-production.up.railway.app/v1/"
                   "projects/adroit-crow-413218/locations/us-central1/publishers/google/models/"
                   "gemini-1.0-pro-vision-001,api_provider=vertex_ai,exception_status=429,"
                   "litellm_model_name=gemini-vision,model_id="
                   "678352e38b5e529abc2aa3d947d135cb5e42642c6b314506456a46b1381b9909} 33"),
           };
    QTest::newRow("remaining_tokens_pr5924")
        << QStringLiteral("metrics_remaining_tokens_pr5924.txt")
        << QStringList{QStringLiteral(
               "litellm_remaining_tokens[litellm_remaining_tokens:untyped]{api_base=https://"
               "api.openai.com/v1/,api_key_alias=test-key,api_provider=openai,hashed_api_key="
               "a8a00fa96cb972e96917d2edf8595279a8c8259f96f7a85765f555e91532547c,"
               "litellm_model_name=gpt-3.5-turbo,model_group=gpt-3.5-turbo} 999977")};
    QTest::newRow("raw_exposition_pr27660")
        << QStringLiteral("metrics_raw_exposition_pr27660.txt")
        << QStringList{
               QStringLiteral(
                   "#family litellm_provider_remaining_budget_metric gauge help=Remaining "
                   "budget for provider - used when you set provider budget limits"),
               QStringLiteral("#family litellm_provider_cache_read_input_tokens_metric_total "
                              "counter help=Total prompt/input tokens read from provider prompt "
                              "cache (e.g. OpenAI/Anthropic/Gemini/Bedrock)"),
               QStringLiteral("litellm_provider_cache_read_input_tokens_metric_total["
                              "litellm_provider_cache_read_input_tokens_metric_total:counter]{"
                              "api_key_alias=None,end_user=None,hashed_api_key=litellm_proxy_"
                              "master_key,model=gpt-52,model_id=ccb19f7cb12e13a85cda746471a5eeeeda"
                              "92f6336dd7cdec11fe9d991e15401a,team=None,team_alias=None,user="
                              "default_user_id} 1792"),
           };
}

void TestPromText::realSamples()
{
    QFETCH(QString, file);
    QFETCH(QStringList, dump);

    const QByteArray text = headroom::test::readSample(file);
    QVERIFY2(!text.isEmpty(), qPrintable(file));
    Dump visitor;
    const auto result = prom::parseText(view(text), visitor);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QCOMPARE(visitor.lines, dump);
    QCOMPARE(result->format, prom::Format::Text004);

    // The same through a document, which keeps exact values and raw label views.
    const auto document = prom::parseDocument(text);
    QVERIFY(document.ok());
    QCOMPARE(document->samples.size(), result->samples);
}

void TestPromText::failureResponsesSampleHasNoValue()
{
    // The author pasted only the label set: the closing '}' on line 13 is followed by nothing.
    const QByteArray text = headroom::test::readSample(
        QStringLiteral("metrics_deployment_failure_responses_pr5967.txt"));
    QVERIFY(!text.isEmpty());
    Dump visitor;
    const auto result = prom::parseText(view(text), visitor);
    QVERIFY(!result.ok());
    const ParseError &error = result.error();
    QCOMPARE(error.kind, ParseError::Kind::Syntax);
    QCOMPARE(error.line, 13);
    QCOMPARE(error.column, 2);
    QCOMPARE(error.offset, qint64(text.indexOf("}\n") + 1));
    QCOMPARE(error.message,
             QStringLiteral("expected a sample value after the label set, found end of line"));
    QCOMPARE(error.path, QStringLiteral("litellm_deployment_failure_responses_total"));
    QVERIFY(visitor.lines.isEmpty());

    // Everything before the missing value is well-formed: with a value appended it parses, and
    // the label values the PR shows come through.
    const auto fixed = prom::parseDocument(text.trimmed() + " 1\n");
    QVERIFY2(fixed.ok(), qPrintable(fixed.ok() ? QString() : fixed.error().toString()));
    QCOMPARE(fixed->samples.size(), std::size_t(1));
    const prom::Sample &sample = fixed->samples.front();
    QCOMPARE(fixed->labelsOf(sample).size(), std::size_t(11));
    QCOMPARE(fixed->label(sample, "exception_class"),
             std::optional<std::string_view>("RateLimitError"));
    QCOMPARE(fixed->label(sample, "exception_status"), std::optional<std::string_view>("429"));
    QCOMPARE(fixed->label(sample, "team_alias"), std::optional<std::string_view>("None"));
    QCOMPARE(fixed->label(sample, "model_id"),
             std::optional<std::string_view>(
                 "7499d31f98cd518cf54486d5a00deda6894239ce16d13543398dc8abf870b15f"));
}

void TestPromText::prettyPrintedSamplesAreRejectedInStrictMode_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    QTest::newRow("cooled_down_pr5705")
        << QStringLiteral("metrics_deployment_cooled_down_pr5705.txt") << 1 << 38
        << QStringLiteral("whitespace inside a label set (strict mode)");
    QTest::newRow("remaining_tokens_pr5924")
        << QStringLiteral("metrics_remaining_tokens_pr5924.txt") << 1 << 26
        << QStringLiteral("blank between the metric name and '{' (accepted only with lenient "
                          "whitespace)");
    QTest::newRow("failure_responses_pr5967")
        << QStringLiteral("metrics_deployment_failure_responses_pr5967.txt") << 1 << 44
        << QStringLiteral("blank between the metric name and '{' (accepted only with lenient "
                          "whitespace)");
}

void TestPromText::prettyPrintedSamplesAreRejectedInStrictMode()
{
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    const QByteArray text = headroom::test::readSample(file);
    QVERIFY(!text.isEmpty());
    Dump visitor;
    const auto result = prom::parseText(view(text), visitor, options(Auto, false));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ParseError::Kind::Syntax);
    QCOMPARE(result.error().message, message);
    QCOMPARE(result.error().line, line);
    QCOMPARE(result.error().column, column);

    // The one genuine exposition is strict-clean.
    const QByteArray raw =
        headroom::test::readSample(QStringLiteral("metrics_raw_exposition_pr27660.txt"));
    QVERIFY(prom::parseText(view(raw), visitor, options(Auto, false)).ok());
}

void TestPromText::rawSampleFamilies()
{
    const QByteArray text =
        headroom::test::readSample(QStringLiteral("metrics_raw_exposition_pr27660.txt"));
    const auto document = prom::parseDocument(text);
    QVERIFY(document.ok());
    QCOMPARE(document->families.size(), std::size_t(2));
    QCOMPARE(document->families[0].type, prom::MetricType::Gauge);
    QCOMPARE(document->families[1].type, prom::MetricType::Counter);
    const auto found = document->find("litellm_provider_cache_read_input_tokens_metric_total");
    QCOMPARE(found.size(), std::size_t(1));
    QCOMPARE(found[0]->value, 1792.0);
    QCOMPARE(document->label(*found[0], "hashed_api_key"),
             std::optional<std::string_view>("litellm_proxy_master_key"));
    QCOMPARE(document->label(*found[0], "absent"), std::nullopt);
}

// ---- grammar: accepted input, as a dump --------------------------------------------------------

void TestPromText::accepts_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("lenient");
    QTest::addColumn<QStringList>("dump");

    const auto row = [](const char *name, const QByteArray &text, int format, bool lenient,
                        const QStringList &dump) {
        QTest::newRow(name) << text << format << lenient << dump;
    };

    row("help and type", "# HELP x Some doc.\n# TYPE x gauge\nx 1\n", Auto, false,
        {QStringLiteral("#family x gauge help=Some doc."), QStringLiteral("x[x:gauge] 1")});
    row("type before help", "# TYPE x gauge\n# HELP x Doc\nx 1\n", Auto, false,
        {QStringLiteral("#family x gauge help=Doc"), QStringLiteral("x[x:gauge] 1")});
    row("help escapes stay raw", "# HELP x a\\\\b\\nc\nx 1\n", Auto, false,
        {QStringLiteral("#family x untyped help=a\\\\b\\nc"), QStringLiteral("x[x:untyped] 1")});
    row("empty help", "# HELP x\n# TYPE x counter\nx_total 1\n", Auto, false,
        {QStringLiteral("#family x counter"), QStringLiteral("x_total[x:counter] 1")});
    row("family without samples", "# HELP a A\n# TYPE a gauge\n# HELP b B\n# TYPE b gauge\nb 2\n",
        Auto, false,
        {QStringLiteral("#family a gauge help=A"), QStringLiteral("#family b gauge help=B"),
         QStringLiteral("b[b:gauge] 2")});
    row("other comments ignored", "#comment\n# just a comment\n#\n# HELPS x\nx 1\n", Auto, false,
        {QStringLiteral("x[x:untyped] 1")});
    row("blank lines", "\n\nx 1\n\n\ny 2\n\n", Auto, false,
        {QStringLiteral("x[x:untyped] 1"), QStringLiteral("y[y:untyped] 2")});
    row("no final newline", "x 1", Auto, false, {QStringLiteral("x[x:untyped] 1")});
    row("empty input", "", Auto, false, {});
    row("colon in metric name", "a:b:c_total 1\n", Auto, false,
        {QStringLiteral("a:b:c_total[a:b:c_total:untyped] 1")});

    // Family resolution by suffix.
    row("counter 0.0.4 style (TYPE names X_total)",
        "# TYPE litellm_x_total counter\nlitellm_x_total{a=\"1\"} 5\n", Auto, false,
        {QStringLiteral("#family litellm_x_total counter"),
         QStringLiteral("litellm_x_total[litellm_x_total:counter]{a=1} 5")});
    row("counter with created", "# TYPE c counter\nc_total 5\nc_created 1.7e9\n", Auto, false,
        {QStringLiteral("#family c counter"), QStringLiteral("c_total[c:counter] 5"),
         QStringLiteral("c_created[c:counter] 1700000000")});
    row("histogram",
        "# TYPE h histogram\nh_bucket{le=\"0.1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 0.3\n"
        "h_count 2\nh_created 1\nh_total 9\nh 1\n",
        Auto, false,
        {QStringLiteral("#family h histogram"), QStringLiteral("h_bucket[h:histogram]{le=0.1} 1"),
         QStringLiteral("h_bucket[h:histogram]{le=+Inf} 2"),
         QStringLiteral("h_sum[h:histogram] 0.3"), QStringLiteral("h_count[h:histogram] 2"),
         QStringLiteral("h_created[h:histogram] 1"), QStringLiteral("h_total[h_total:untyped] 9"),
         QStringLiteral("h[h:histogram] 1")});
    row("summary", "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 3\ns_count 4\ns_bucket 1\n",
        Auto, false,
        {QStringLiteral("#family s summary"), QStringLiteral("s[s:summary]{quantile=0.5} 1"),
         QStringLiteral("s_sum[s:summary] 3"), QStringLiteral("s_count[s:summary] 4"),
         QStringLiteral("s_bucket[s_bucket:untyped] 1")});
    row("gauge takes no suffix", "# TYPE g gauge\ng_total 1\ng_sum 1\n", Auto, false,
        {QStringLiteral("#family g gauge"), QStringLiteral("g_total[g_total:untyped] 1"),
         QStringLiteral("g_sum[g_sum:untyped] 1")});
    row("prefix is not a suffix", "# TYPE h histogram\nh_bucketx 1\nhx_bucket 1\n", Auto, false,
        {QStringLiteral("#family h histogram"), QStringLiteral("h_bucketx[h_bucketx:untyped] 1"),
         QStringLiteral("hx_bucket[hx_bucket:untyped] 1")});
    row("sample of another name after TYPE", "# TYPE a counter\nb_total 1\na_total 2\n", Auto,
        false,
        {QStringLiteral("#family a counter"), QStringLiteral("b_total[b_total:untyped] 1"),
         QStringLiteral("a_total[a:counter] 2")});
    row("openmetrics info, gaugehistogram, stateset, unknown",
        "# TYPE i info\ni_info{version=\"1.2\"} 1\n# TYPE gh gaugehistogram\n"
        "gh_bucket{le=\"+Inf\"} 2\ngh_gcount 2\ngh_gsum 5\n# TYPE st stateset\nst{st=\"a\"} 1\n"
        "# TYPE u unknown\nu 3\n# EOF\n",
        Auto, false,
        {QStringLiteral("#family i info"), QStringLiteral("i_info[i:info]{version=1.2} 1"),
         QStringLiteral("#family gh gaugehistogram"),
         QStringLiteral("gh_bucket[gh:gaugehistogram]{le=+Inf} 2"),
         QStringLiteral("gh_gcount[gh:gaugehistogram] 2"),
         QStringLiteral("gh_gsum[gh:gaugehistogram] 5"), QStringLiteral("#family st stateset"),
         QStringLiteral("st[st:stateset]{st=a} 1"), QStringLiteral("#family u untyped"),
         QStringLiteral("u[u:untyped] 3")});
    row("openmetrics unit and counter",
        "# TYPE req_seconds counter\n# UNIT req_seconds seconds\n# HELP req_seconds Time.\n"
        "req_seconds_total 4.5\nreq_seconds_created 1.7e9\n# EOF\n",
        Auto, false,
        {QStringLiteral("#family req_seconds counter help=Time. unit=seconds"),
         QStringLiteral("req_seconds_total[req_seconds:counter] 4.5"),
         QStringLiteral("req_seconds_created[req_seconds:counter] 1700000000")});
    row("UNIT is a comment in 0.0.4", "# UNIT x seconds\nx 1\n", Auto, false,
        {QStringLiteral("x[x:untyped] 1")});

    // Label values.
    row("escapes", R"(x{a="q\"uote",b="back\\slash",c="new\nline",d="\\n"} 1)", Auto, false,
        {QStringLiteral("x[x:untyped]{a=q\"uote,b=back\\slash,c=new\nline,d=\\n} 1")});
    row("utf-8 label value", "x{a=\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"} 1", Auto, false,
        {QStringLiteral("x[x:untyped]{a=caf\u00e9 \u20ac \U0001F600} 1")});
    row("empty label value and set", "x{a=\"\"} 1\ny{} 2\n", Auto, false,
        {QStringLiteral("x[x:untyped]{a=} 1"), QStringLiteral("y[y:untyped] 2")});
    row("trailing comma", "x{a=\"1\",b=\"2\",} 1\n", Auto, false,
        {QStringLiteral("x[x:untyped]{a=1,b=2} 1")});
    row("long label value (vector scan)",
        "x{a=\"" + QByteArray(100, 'v') + "\\\"" + QByteArray(40, 'w') + "\"} 1\n", Auto, false,
        {QStringLiteral("x[x:untyped]{a=%1\"%2} 1")
             .arg(QString(100, QLatin1Char('v')), QString(40, QLatin1Char('w')))});
    row("label order kept", "x{b=\"1\",a=\"2\"} 1\n", Auto, false,
        {QStringLiteral("x[x:untyped]{b=1,a=2} 1")});

    // Values.
    row("special values", "a +Inf\nb -Inf\nc Inf\nd NaN\ne nan\nf +inf\n", Auto, false,
        {QStringLiteral("a[a:untyped] +Inf"), QStringLiteral("b[b:untyped] -Inf"),
         QStringLiteral("c[c:untyped] +Inf"), QStringLiteral("d[d:untyped] NaN"),
         QStringLiteral("e[e:untyped] NaN"), QStringLiteral("f[f:untyped] +Inf")});
    row("number forms", "a 999977.\nb 1.5e3\nc -2E-2\nd +7\ne .5\nf 0\ng -0.0\nh 1e-400\n", Auto,
        false,
        {QStringLiteral("a[a:untyped] 999977"), QStringLiteral("b[b:untyped] 1500"),
         QStringLiteral("c[c:untyped] -0.02"), QStringLiteral("d[d:untyped] 7"),
         QStringLiteral("e[e:untyped] 0.5"), QStringLiteral("f[f:untyped] 0"),
         QStringLiteral("g[g:untyped] -0"), QStringLiteral("h[h:untyped] 0")});
    row("sys.maxsize", "x 9.223372036854776e+18\n", Auto, false,
        {QStringLiteral("x[x:untyped] 9223372036854776000")});

    // Timestamps.
    row("0.0.4 timestamp in ms", "x 1 1700000000123\ny 2 -5\n", Auto, false,
        {QStringLiteral("x[x:untyped] 1 @1700000000123"), QStringLiteral("y[y:untyped] 2 @-5")});
    row("openmetrics timestamp in s", "x 1 1700000000.123\ny 2 17\n# EOF\n", Auto, false,
        {QStringLiteral("x[x:untyped] 1 @1700000000123"), QStringLiteral("y[y:untyped] 2 @17000")});
    row("trailing blanks", "x 1 \t\ny 2 3  \n", Auto, false,
        {QStringLiteral("x[x:untyped] 1"), QStringLiteral("y[y:untyped] 2 @3")});
    row("several blanks before value", "x{a=\"b\"} \t 1\n", Auto, false,
        {QStringLiteral("x[x:untyped]{a=b} 1")});

    // OpenMetrics exemplars and the end marker.
    row("exemplar",
        "# TYPE c counter\nc_total 1 # {trace_id=\"abc\"} 1\n"
        "c_created 2 3 # {trace_id=\"d\",span=\"e\"} 0.5 1.5\n# EOF",
        Auto, false,
        {QStringLiteral("#family c counter"), QStringLiteral("c_total[c:counter] 1"),
         QStringLiteral("c_created[c:counter] 2 @3000")});
    row("explicit openmetrics", "x 1\n# EOF\n", OpenMetrics, false,
        {QStringLiteral("x[x:untyped] 1")});
    row("EOF is a comment in explicit 0.0.4", "x 1\n# EOF\ny 2\n", Text004, false,
        {QStringLiteral("x[x:untyped] 1"), QStringLiteral("y[y:untyped] 2")});

    // Line endings and whitespace.
    row("CRLF", "# HELP x Doc\r\n# TYPE x gauge\r\nx{a=\"1\"} 1 5\r\n\r\ny 2\r\n", Auto, false,
        {QStringLiteral("#family x gauge help=Doc"), QStringLiteral("x[x:gauge]{a=1} 1 @5"),
         QStringLiteral("y[y:untyped] 2")});
    row("CRLF openmetrics", "x 1\r\n# EOF\r\n", Auto, false, {QStringLiteral("x[x:untyped] 1")});
    row("lenient: pretty-printed label set", "x {\n  a = \"1\" ,\r\n\tb=\"2\"\n} 3\n  y 4\n", Auto,
        true, {QStringLiteral("x[x:untyped]{a=1,b=2} 3"), QStringLiteral("y[y:untyped] 4")});
    row("lenient: trailing comma on its own line", "x{\n a=\"1\",\n} 3\n", Auto, true,
        {QStringLiteral("x[x:untyped]{a=1} 3")});
}

void TestPromText::accepts()
{
    QFETCH(QByteArray, text);
    QFETCH(int, format);
    QFETCH(bool, lenient);
    QFETCH(QStringList, dump);

    Dump visitor;
    const auto result = prom::parseText(view(text), visitor, options(format, lenient));
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QCOMPARE(visitor.lines, dump);

    // Whatever strict mode accepts, lenient mode accepts the same way.
    if (!lenient) {
        Dump again;
        QVERIFY(prom::parseText(view(text), again, options(format, true)).ok());
        QCOMPARE(again.lines, dump);
    }
}

// ---- grammar: rejected input, with position and message ---------------------------------------

void TestPromText::rejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("lenient");
    QTest::addColumn<ParseError::Kind>("kind");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message"); // a fragment of the message

    const auto row = [](const char *name, const QByteArray &text, int format, bool lenient,
                        ParseError::Kind kind, int line, int column, const char *message) {
        QTest::newRow(name) << text << format << lenient << kind << line << column
                            << QString::fromUtf8(message);
    };
    constexpr auto Syntax = ParseError::Kind::Syntax;
    constexpr auto Encoding = ParseError::Kind::Encoding;

    // Values.
    row("no value", "x\n", Auto, true, Syntax, 1, 2,
        "expected a sample value after the metric name, found end of line");
    row("no value at end", "x{a=\"b\"}", Auto, true, Syntax, 1, 9,
        "expected a sample value after the label set, found end of input");
    row("blank but no value", "ok 1\nx{a=\"b\"} \n", Auto, true, Syntax, 2, 10,
        "expected a sample value");
    row("invalid value", "x abc\n", Auto, true, Syntax, 1, 3, "invalid sample value 'abc'");
    row("value with junk", "x 1.5x\n", Auto, true, Syntax, 1, 3, "invalid sample value '1.5x'");
    row("double sign", "x +-1\n", Auto, true, Syntax, 1, 3, "invalid sample value");
    row("lone plus", "x +\n", Auto, true, Syntax, 1, 3, "invalid sample value '+'");
    row("hex value", "x 0x10\n", Auto, true, Syntax, 1, 3, "invalid sample value");
    row("value out of range", "x 1e400\n", Auto, true, ParseError::Kind::OutOfRange, 1, 3,
        "sample value '1e400' is out of the range of a double");
    row("negative out of range", "x -1.8e308\n", Auto, true, ParseError::Kind::OutOfRange, 1, 3,
        "out of the range");
    row("junk after timestamp", "x 1 2 3\n", Auto, true, Syntax, 1, 7,
        "unexpected '3' after the sample");
    row("float timestamp in 0.0.4", "x 1 1.5\n", Text004, true, Syntax, 1, 5,
        "invalid timestamp '1.5' (expected integer milliseconds)");
    row("timestamp overflow", "x 1 99999999999999999999\n", Text004, true, Syntax, 1, 5,
        "invalid timestamp");
    row("bad openmetrics timestamp", "x 1 abc\n# EOF\n", Auto, true, Syntax, 1, 5,
        "invalid timestamp 'abc' (expected seconds)");
    row("bare CR", "x 1\ry 2\n", Auto, true, Syntax, 1, 4, "unexpected '\\r' after the sample");

    // Names.
    row("name starts with digit", "1x 1\n", Auto, true, Syntax, 1, 1,
        "expected a metric name, found '1'");
    row("dash in name", "x-y 1\n", Auto, true, Syntax, 1, 2,
        "invalid character '-' in metric name");
    row("label name starts with digit", "x{1a=\"b\"} 1\n", Auto, true, Syntax, 1, 3,
        "expected a label name or '}', found '1'");
    row("colon in label name", "x{a:b=\"c\"} 1\n", Auto, true, Syntax, 1, 4,
        "label names cannot contain ':'");
    row("HELP without name", "# HELP\n", Auto, true, Syntax, 1, 7,
        "expected a metric name after HELP");
    row("HELP with bad name", "# HELP 9x doc\n", Auto, true, Syntax, 1, 8,
        "expected a metric name after HELP, found '9'");
    row("TYPE without type", "# TYPE x\n", Auto, true, Syntax, 1, 9, "expected a metric type");
    row("unknown type", "# TYPE x countr\n", Auto, true, Syntax, 1, 10,
        "unknown metric type 'countr'");
    row("TYPE with extra text", "# TYPE x gauge extra\n", Auto, true, Syntax, 1, 16,
        "unexpected text after TYPE line");

    // Label sets.
    row("missing '='", "x{a \"b\"} 1\n", Auto, true, Syntax, 1, 5,
        "expected '=' after label name 'a', found '\"'");
    row("missing '=' strict", "x{a\"b\"} 1\n", Auto, false, Syntax, 1, 4,
        "expected '=' after label name 'a'");
    row("unquoted value", "x{a=b} 1\n", Auto, true, Syntax, 1, 5,
        "expected '\"' to open the value of label 'a', found 'b'");
    row("unterminated quote, end of line", "x{a=\"b} 1\ny 2\n", Auto, true, Syntax, 1, 5,
        "label value not closed before the end of the line");
    row("unterminated quote, end of input", "x{a=\"b", Auto, true, Syntax, 1, 5,
        "label value not closed");
    row("backslash at end", "x{a=\"b\\", Auto, true, Syntax, 1, 5, "label value not closed");
    row("label set not closed", "x{a=\"b\"", Auto, true, Syntax, 1, 2, "label set not closed");
    row("label set not closed, lenient newline", "x{a=\"b\",\n", Auto, true, Syntax, 1, 2,
        "label set not closed");
    row("missing comma", "x{a=\"b\" c=\"d\"} 1\n", Auto, true, Syntax, 1, 9,
        "expected ',' or '}' after label value, found 'c'");
    row("value instead of '}'", "x{a=\"b\" 1\n", Auto, true, Syntax, 1, 9,
        "expected ',' or '}' after label value, found '1'");
    row("double comma", "x{a=\"b\",,c=\"d\"} 1\n", Auto, true, Syntax, 1, 9,
        "expected a label name or '}', found ','");
    row("bad escape", "x{a=\"\\t\"} 1\n", Auto, true, Syntax, 1, 6,
        "invalid escape '\\'t'' in label value");
    row("duplicate label", "x{a=\"1\",a=\"2\"} 1\n", Auto, true, Syntax, 1, 9,
        "duplicate label 'a'");
    row("duplicate label, unsorted", "x{b=\"1\",a=\"2\",b=\"3\"} 1\n", Auto, true, Syntax, 1, 15,
        "duplicate label 'b'");
    row("two label sets", "x{a=\"1\"} {b=\"2\"} 1\n", Auto, true, Syntax, 1, 10,
        "a second label set");
    row("no blank after label set", "x{a=\"1\"}1\n", Auto, true, Syntax, 1, 9,
        "expected a blank after the label set, found '1'");

    // Strict whitespace.
    row("strict: blank before '{'", "x {a=\"1\"} 1\n", Auto, false, Syntax, 1, 3,
        "blank between the metric name and '{'");
    row("strict: blank around '='", "x{a =\"1\"} 1\n", Auto, false, Syntax, 1, 4,
        "expected '=' after label name 'a', found space");
    row("strict: blank after ','", "x{a=\"1\", b=\"2\"} 1\n", Auto, false, Syntax, 1, 9,
        "whitespace inside a label set (strict mode)");
    row("strict: newline in label set", "x{\na=\"1\"} 1\n", Auto, false, Syntax, 1, 3,
        "whitespace inside a label set (strict mode)");
    row("strict: leading blank", " x 1\n", Auto, false, Syntax, 1, 1,
        "expected a metric name, found space");
    row("lenient: value on the next line", "x{a=\"1\"}\n1\n", Auto, true, Syntax, 1, 9,
        "expected a sample value after the label set");

    // Encoding.
    row("invalid utf-8 byte", "x{a=\"\xff\"} 1\n", Auto, true, Encoding, 1, 6,
        "value of label 'a' is not valid UTF-8");
    row("overlong utf-8", "x{a=\"\xc0\xaf\"} 1\n", Auto, true, Encoding, 1, 6, "not valid UTF-8");
    row("utf-16 surrogate", "x{a=\"ok\xed\xa0\x80\"} 1\n", Auto, true, Encoding, 1, 8,
        "not valid UTF-8");
    row("above U+10FFFF", "x{a=\"\xf4\x90\x80\x80\"} 1\n", Auto, true, Encoding, 1, 6,
        "not valid UTF-8");
    row("truncated sequence", "x{a=\"\xe2\x82\"} 1\n", Auto, true, Encoding, 1, 6,
        "not valid UTF-8");
    row("invalid utf-8 after 16 bytes", "x{a=\"0123456789abcdef\x80\"} 1\n", Auto, true, Encoding,
        1, 22, "not valid UTF-8");
    row("invalid utf-8 in HELP", "# HELP x caf\xe9\n", Auto, true, Encoding, 1, 13,
        "HELP text is not valid UTF-8");

    // OpenMetrics.
    row("openmetrics without EOF", "x 1\n", OpenMetrics, true, Syntax, 2, 1,
        "does not end with '# EOF'");
    row("content after EOF", "x 1\n# EOF\ny 2\n", OpenMetrics, true, Syntax, 3, 1,
        "content after '# EOF'");
    row("exemplar in 0.0.4", "x 1 # {a=\"b\"} 1\n", Auto, true, Syntax, 1, 5,
        "exemplars are only allowed in OpenMetrics");
    row("exemplar without label set", "x 1 # 1\n# EOF\n", Auto, true, Syntax, 1, 7,
        "expected '{' to open the exemplar's label set");
    row("exemplar without value", "x 1 # {a=\"b\"}\n# EOF\n", Auto, true, Syntax, 1, 14,
        "expected a value after the exemplar's label set");
    row("exemplar with bad label", "x 1 # {a=b} 1\n# EOF\n", Auto, true, Syntax, 1, 10,
        "expected '\"' to open the value of label 'a'");
}

void TestPromText::rejects()
{
    QFETCH(QByteArray, text);
    QFETCH(int, format);
    QFETCH(bool, lenient);
    QFETCH(ParseError::Kind, kind);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    // Exact-size copy, so a read past the end is caught by ASan.
    const auto bytes = std::make_unique<char[]>(std::size_t(text.size()) + 1);
    std::copy(text.begin(), text.end(), bytes.get());
    Dump visitor;
    const auto result = prom::parseText(std::string_view(bytes.get(), std::size_t(text.size())),
                                        visitor, options(format, lenient));
    QVERIFY2(!result.ok(), qPrintable(visitor.lines.join(QLatin1Char('\n'))));
    const ParseError &error = result.error();
    QVERIFY2(error.message.contains(message), qPrintable(error.toString()));
    QCOMPARE(error.kind, kind);
    QCOMPARE(error.line, line);
    QCOMPARE(error.column, column);
    QVERIFY(error.offset >= 0 && error.offset <= text.size());
}

// ---- API details -------------------------------------------------------------------------------

void TestPromText::labelViewsAndEscapes()
{
    const QByteArray text = R"(x{plain="abc",esc="a\\b\"c\nd"} 1)";
    struct Check final : prom::Visitor {
        int samples = 0;
        void sample(const prom::SampleView &sample) override
        {
            ++samples;
            QCOMPARE(sample.labels.size(), std::size_t(2));
            QCOMPARE(sample.labels[0].rawValue, std::string_view("abc"));
            QCOMPARE(sample.labels[0].escaped, false);
            QCOMPARE(sample.labels[0].value(), std::string("abc"));
            QCOMPARE(sample.labels[1].rawValue, std::string_view(R"(a\\b\"c\nd)"));
            QCOMPARE(sample.labels[1].escaped, true);
            QCOMPARE(sample.labels[1].value(), std::string("a\\b\"c\nd"));
            QCOMPARE(sample.label("esc"), std::optional<std::string_view>(R"(a\\b\"c\nd)"));
            QCOMPARE(sample.label("nope"), std::nullopt);
        }
    } check;
    QVERIFY(prom::parseText(view(text), check).ok());
    QCOMPARE(check.samples, 1);
}

void TestPromText::stats()
{
    Dump visitor;
    const QByteArray text(kRichExposition);
    const auto result = prom::parseText(view(text), visitor);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QCOMPARE(result->samples, std::size_t(9));
    QCOMPARE(result->families, std::size_t(3));
    QCOMPARE(result->lines, std::size_t(14));
    QCOMPARE(result->format, prom::Format::Text004);
    QVERIFY(visitor.lines.contains(QStringLiteral(
        "litellm_deployment_failure_responses_total[litellm_deployment_failure_responses:counter]{"
        "exception_class=Openai.RateLimitError,exception_status=429,team=caf\u00e9 \"q\" \\ \n} "
        "7 @1700000000000")));

    const QByteArray pretty =
        headroom::test::readSample(QStringLiteral("metrics_deployment_cooled_down_pr5705.txt"));
    const auto prettyResult = prom::parseText(view(pretty), visitor);
    QVERIFY(prettyResult.ok());
    QCOMPARE(prettyResult->lines, std::size_t(pretty.count('\n')));
}

void TestPromText::samplesBeforeAnErrorAreDelivered()
{
    Dump visitor;
    const auto result = prom::parseText("a 1\nb 2\nc oops\nd 4\n", visitor);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().line, 3);
    QCOMPARE(visitor.lines,
             QStringList({QStringLiteral("a[a:untyped] 1"), QStringLiteral("b[b:untyped] 2")}));
}

void TestPromText::autoDetectsOpenMetrics_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("openMetrics");

    QTest::newRow("plain") << QByteArray("x 1\n") << false;
    QTest::newRow("EOF") << QByteArray("x 1\n# EOF") << true;
    QTest::newRow("EOF and whitespace") << QByteArray("x 1\n# EOF\n\n \t\r\n") << true;
    QTest::newRow("only EOF") << QByteArray("# EOF\n") << true;
    QTest::newRow("EOF inside a line") << QByteArray("x 1\nx # EOF\n") << false;
    QTest::newRow("EOF with suffix") << QByteArray("x 1\n# EOFX\n") << false;
    QTest::newRow("EOF not last") << QByteArray("# EOF\nx 1\n") << false;
}

void TestPromText::autoDetectsOpenMetrics()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, openMetrics);

    QCOMPARE(prom::endsWithEof(view(text)), openMetrics);
    if (text.startsWith("x 1\nx #")) {
        return; // not a valid exposition either way
    }
    Dump visitor;
    const auto result = prom::parseText(view(text), visitor);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    QCOMPARE(result->format, openMetrics ? prom::Format::OpenMetrics : prom::Format::Text004);
}

void TestPromText::tooLargeIsRefusedBeforeReading()
{
    prom::ParseOptions o;
    o.limits.maxBytes = 10;
    Dump visitor;
    // A view over memory that is never touched: only its size is looked at.
    const std::string_view huge("this exposition is longer than ten bytes\n");
    const auto result = prom::parseText(huge, visitor, o);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ParseError::Kind::TooLarge);
    QCOMPARE(result.error().offset, qint64(10));
    QCOMPARE(result.error().line, 0);
    QVERIFY(visitor.lines.isEmpty());

    const auto document = prom::parseDocument(QByteArray(11, 'x'), o);
    QVERIFY(!document.ok());
    QCOMPARE(document.error().kind, ParseError::Kind::TooLarge);

    o.limits.maxBytes = 4; // exactly at the limit is fine
    QVERIFY(prom::parseText("x 1\n", visitor, o).ok());
}

void TestPromText::tooManyLabels()
{
    prom::ParseOptions o;
    o.maxLabelsPerSample = 2;
    Dump visitor;
    QVERIFY(prom::parseText(R"(x{a="1",b="2"} 1)", visitor, o).ok());
    const auto result = prom::parseText(R"(x{a="1",b="2",c="3"} 1)", visitor, o);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ParseError::Kind::TooLarge);
    QCOMPARE(result.error().column, 15);
    QVERIFY(result.error().message.contains(QStringLiteral("more than 2 labels")));

    // The default allows LiteLLM's widest series (13 labels) with room to spare.
    QString wide = QStringLiteral("x{");
    for (int i = 0; i < 128; ++i) {
        wide += QStringLiteral("l%1=\"v\",").arg(i, 3, 10, QLatin1Char('0'));
    }
    const QByteArray atLimit = (wide + QStringLiteral("} 1\n")).toUtf8();
    QVERIFY(prom::parseText(view(atLimit), visitor).ok());
    const QByteArray overLimit = (wide + QStringLiteral("l999=\"v\"} 1\n")).toUtf8();
    QCOMPARE(prom::parseText(view(overLimit), visitor).error().kind, ParseError::Kind::TooLarge);
}

void TestPromText::everyPrefixOfAValidExpositionIsHandled_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("format");
    QTest::addColumn<bool>("lenient");

    const QByteArray rich(kRichExposition);
    const QByteArray pretty =
        headroom::test::readSample(QStringLiteral("metrics_deployment_cooled_down_pr5705.txt"));
    const QByteArray openMetrics = "# TYPE c counter\n# UNIT c seconds\nc_total 1 2.5 # "
                                   "{trace_id=\"abc\"} 1 1.5\r\nc_created 3\n# EOF\n";
    QTest::newRow("rich, auto, lenient") << rich << Auto << true;
    QTest::newRow("rich, auto, strict") << rich << Auto << false;
    QTest::newRow("rich, openmetrics") << rich + "# EOF\n" << OpenMetrics << true;
    QTest::newRow("pretty, lenient") << pretty << Auto << true;
    QTest::newRow("pretty, strict") << pretty << Auto << false;
    QTest::newRow("openmetrics, auto") << openMetrics << Auto << true;
    QTest::newRow("openmetrics, explicit") << openMetrics << OpenMetrics << false;
    QTest::newRow("openmetrics, as 0.0.4") << openMetrics << Text004 << true;
}

void TestPromText::everyPrefixOfAValidExpositionIsHandled()
{
    QFETCH(QByteArray, text);
    QFETCH(int, format);
    QFETCH(bool, lenient);

    QVERIFY(!text.isEmpty());
    int accepted = 0;
    for (qsizetype length = 0; length <= text.size(); ++length) {
        // Exact-size heap copy: ASan reports any read past the prefix.
        const auto bytes = std::make_unique<char[]>(std::size_t(length) + 1);
        std::copy(text.begin(), text.begin() + length, bytes.get());
        const std::string_view prefix(bytes.get(), std::size_t(length));

        struct Touch final : prom::Visitor {
            std::size_t chars = 0;
            void sample(const prom::SampleView &sample) override
            {
                for (const prom::Label &label : sample.labels) {
                    chars += label.value().size() + label.name.size();
                }
            }
        } visitor;
        const auto result = prom::parseText(prefix, visitor, options(format, lenient));
        if (result.ok()) {
            ++accepted;
            continue;
        }
        const ParseError &error = result.error();
        QVERIFY2(error.kind == ParseError::Kind::Syntax || error.kind == ParseError::Kind::Encoding,
                 qPrintable(error.toString()));
        QVERIFY2(error.offset >= 0 && error.offset <= length, qPrintable(error.toString()));
        QVERIFY(error.line >= 1 && error.column >= 1);
        QVERIFY(!error.message.isEmpty());

        const auto document =
            prom::parseDocument(QByteArray(bytes.get(), length), options(format, lenient));
        QVERIFY(!document.ok());
        QCOMPARE(document.error().offset, error.offset);
    }
    QVERIFY(accepted > 0);
}

void TestPromText::documentSharesTheBuffer()
{
    const QByteArray text(kRichExposition);
    auto result = prom::parseDocument(text);
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    const prom::PromDocument &document = *result;
    QCOMPARE(document.buffer.constData(), text.constData()); // implicitly shared, not copied
    const char *begin = document.buffer.constData();
    const char *end = begin + document.buffer.size();
    const auto inside = [&](std::string_view v) {
        return v.data() >= begin && v.data() + v.size() <= end;
    };
    for (const prom::Sample &sample : document.samples) {
        QVERIFY(inside(sample.name));
        QVERIFY(inside(sample.family));
        for (const prom::Label &label : document.labelsOf(sample)) {
            QVERIFY(inside(label.name));
            QVERIFY(inside(label.rawValue));
        }
    }
    for (const prom::FamilyView &family : document.families) {
        QVERIFY(inside(family.name));
    }

    // Moving the result keeps every view valid.
    const prom::PromDocument moved = std::move(result).value();
    QCOMPARE(moved.samples.front().name, std::string_view("litellm_deployment_state"));
}

void TestPromText::documentFindAndLabels()
{
    const auto result = prom::parseDocument(QByteArray(kRichExposition));
    QVERIFY(result.ok());
    const prom::PromDocument &document = *result;
    QCOMPARE(document.samples.size(), std::size_t(9));
    QCOMPARE(document.families.size(), std::size_t(3));
    QCOMPARE(document.format, prom::Format::Text004);

    const auto buckets = document.find("litellm_request_total_latency_metric_bucket");
    QCOMPARE(buckets.size(), std::size_t(2));
    QCOMPARE(document.label(*buckets[1], "le"), std::optional<std::string_view>("+Inf"));
    QCOMPARE(buckets[1]->value, 3.0);
    QCOMPARE(buckets[1]->family, std::string_view("litellm_request_total_latency_metric"));
    QCOMPARE(buckets[1]->type, prom::MetricType::Histogram);

    const auto failures = document.find("litellm_deployment_failure_responses_total");
    QCOMPARE(failures.size(), std::size_t(1));
    QCOMPARE(failures[0]->timestampMs, std::optional<double>(1700000000000.0));
    const auto labels = document.labelsOf(*failures[0]);
    QCOMPARE(labels.size(), std::size_t(3));
    QCOMPARE(labels[2].value(), std::string("caf\xc3\xa9 \"q\" \\ \n"));

    const auto remaining = document.find("litellm_remaining_tokens_metric");
    QCOMPARE(remaining.size(), std::size_t(1));
    QVERIFY(std::isinf(remaining[0]->value) && remaining[0]->value > 0);
    QVERIFY(std::isnan(document.find("litellm_other")[0]->value));
    QVERIFY(document.find("absent").empty());
    QCOMPARE(document.families[0].help,
             std::string_view("LLM Deployment Analytics - 0 healthy\\nsecond line"));
}

void TestPromText::documentReportsErrors()
{
    const auto result = prom::parseDocument(QByteArrayLiteral("ok 1\nbad{a=\"1\" 2\n"));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ParseError::Kind::Syntax);
    QCOMPARE(result.error().line, 2);
    QCOMPARE(result.error().path, QStringLiteral("bad"));
}

void TestPromText::metricTypeNames()
{
    QCOMPARE(prom::metricTypeName(prom::MetricType::Untyped), std::string_view("untyped"));
    QCOMPARE(prom::metricTypeName(prom::MetricType::Counter), std::string_view("counter"));
    QCOMPARE(prom::metricTypeName(prom::MetricType::Gauge), std::string_view("gauge"));
    QCOMPARE(prom::metricTypeName(prom::MetricType::Histogram), std::string_view("histogram"));
    QCOMPARE(prom::metricTypeName(prom::MetricType::Summary), std::string_view("summary"));
    QCOMPARE(prom::metricTypeName(prom::MetricType::Info), std::string_view("info"));
    QCOMPARE(prom::metricTypeName(prom::MetricType::StateSet), std::string_view("stateset"));
    QCOMPARE(prom::metricTypeName(prom::MetricType::GaugeHistogram),
             std::string_view("gaugehistogram"));
}

QTEST_APPLESS_MAIN(TestPromText)
#include "tst_promtext.moc"
