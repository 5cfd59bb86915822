#include "scenario.h"

#include "config/yamlload.h"
#include "config/yamlvalue.h"
#include "demandcsv.h"

#include <algorithm>
#include <limits>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace headroom::sim {

namespace {

constexpr double kMaxSeconds = 1e9;
constexpr double kMaxRate = kMaxDemandRate;

double number(const YAML::Node &map, std::string_view key, const QString &path, double fallback,
              double minimum = 0, double maximum = kMaxSeconds)
{
    return yaml::readNumber(yaml::lookup(map, key), yaml::keyPath(path, key), minimum, maximum)
        .value_or(fallback);
}

QString text(const YAML::Node &map, std::string_view key, const QString &path)
{
    return yaml::readString(yaml::lookup(map, key), yaml::keyPath(path, key)).value_or(QString());
}

TokenDistribution readTokens(const YAML::Node &node, const QString &path, double mean)
{
    TokenDistribution tokens{mean, 0};
    if (yaml::isAbsent(node)) {
        return tokens;
    }
    if (node.IsScalar()) {
        tokens.mean = *yaml::readNumber(node, path, 1, 1e7);
        return tokens;
    }
    yaml::expectMap(node, path);
    tokens.mean = number(node, "mean", path, mean, 1, 1e7);
    tokens.spread = number(node, "spread", path, 0, 0, 0.99);
    return tokens;
}

std::vector<std::pair<double, double>> readCsv(const QString &file, const YAML::Node &node,
                                               const QString &path)
{
    QFile csv(file);
    if (!csv.open(QIODevice::ReadOnly)) {
        yaml::fail(ParseError::Kind::MissingField, node, path,
                   QStringLiteral("cannot read demand file %1: %2").arg(file, csv.errorString()));
    }
    // Read no more than the parser would accept, then let it say the file is too large.
    const QByteArray bytes = csv.read(kMaxDemandCsvBytes + 1);
    auto points =
        parseDemandCsv(std::string_view(bytes.constData(), std::size_t(bytes.size())), file);
    if (!points) {
        yaml::fail(points.error().kind, node, path, points.error().message);
    }
    return std::move(points).value();
}

DemandCurve readCurve(const YAML::Node &entry, const QString &path, const QString &baseDir)
{
    DemandCurve curve;
    const QString pattern = text(entry, "pattern", path);
    const QString shape = pattern.isEmpty() ? QStringLiteral("constant") : pattern;
    curve.rps = number(entry, "rps", path, 0, 0, kMaxRate);
    curve.start = number(entry, "start", path, 0);
    curve.duration = number(entry, "duration", path, 0);
    if (shape == u"constant") {
        curve.shape = DemandCurve::Shape::Constant;
    } else if (shape == u"ramp") {
        curve.shape = DemandCurve::Shape::Ramp;
        curve.from = number(entry, "from", path, curve.rps, 0, kMaxRate);
        curve.to = number(entry, "to", path, curve.rps, 0, kMaxRate);
    } else if (shape == u"spike") {
        curve.shape = DemandCurve::Shape::Spike;
        curve.peak = number(entry, "peak", path, curve.rps, 0, kMaxRate);
    } else if (shape == u"diurnal") {
        curve.shape = DemandCurve::Shape::Diurnal;
        curve.amplitude = number(entry, "amplitude", path, 0, 0, kMaxRate);
        curve.period = number(entry, "period", path, 86400, 1);
        curve.phase = number(entry, "phase", path, 0);
    } else if (shape == u"csv") {
        curve.shape = DemandCurve::Shape::Csv;
        const QString file = text(entry, "file", path);
        if (file.isEmpty()) {
            yaml::fail(ParseError::Kind::MissingField, entry, yaml::keyPath(path, "file"),
                       QStringLiteral("a csv demand needs \"file\""));
        }
        curve.points =
            readCsv(QDir(baseDir).absoluteFilePath(file), entry, yaml::keyPath(path, "file"));
    } else {
        yaml::fail(ParseError::Kind::WrongType, yaml::lookup(entry, "pattern"),
                   yaml::keyPath(path, "pattern"),
                   QStringLiteral("unknown demand pattern \"%1\" (constant, ramp, spike, diurnal "
                                  "or csv)")
                       .arg(pattern));
    }
    return curve;
}

router::Fault readFault(const YAML::Node &entry, const QString &path)
{
    router::Fault fault;
    const QString kind = text(entry, "kind", path);
    if (kind == u"outage") {
        fault.kind = router::Fault::Kind::Outage;
    } else if (kind == u"rate_limit_storm") {
        fault.kind = router::Fault::Kind::RateLimitStorm;
    } else if (kind == u"slow") {
        fault.kind = router::Fault::Kind::Slow;
    } else {
        yaml::fail(ParseError::Kind::WrongType, yaml::lookup(entry, "kind"),
                   yaml::keyPath(path, "kind"),
                   QStringLiteral("unknown fault kind \"%1\" (outage, rate_limit_storm or slow)")
                       .arg(kind));
    }
    fault.provider = text(entry, "provider", path);
    fault.deploymentId = text(entry, "deployment", path);
    fault.start = number(entry, "start", path, 0);
    const double duration = number(entry, "duration", path, kMaxSeconds);
    fault.end = fault.start + duration;
    fault.fraction = number(entry, "fraction", path, 1.0, 0, 1);
    fault.latencySeconds = number(entry, "latency", path, 0, 0, 3600);
    return fault;
}

void readSimulation(const YAML::Node &simulation, Scenario &scenario, const QString &baseDir)
{
    const QString path = QStringLiteral("simulation");
    if (!yaml::expectMap(simulation, path)) {
        return;
    }
    scenario.name = text(simulation, "name", path);
    scenario.seed =
        quint64(yaml::readInteger(yaml::lookup(simulation, "seed"), yaml::keyPath(path, "seed"), 0,
                                  std::numeric_limits<qint64>::max())
                    .value_or(1));
    scenario.tickSeconds = number(simulation, "tick_seconds", path, 1.0, 0.05, 60);
    const YAML::Node keys = yaml::lookup(simulation, "virtual_keys");
    const QString keysPath = yaml::keyPath(path, "virtual_keys");
    if (yaml::expectSequence(keys, keysPath)) {
        for (std::size_t i = 0; i < keys.size(); ++i) {
            const QString key =
                yaml::readString(keys[i], yaml::indexPath(keysPath, i)).value_or(QString());
            if (key.isEmpty()) {
                yaml::fail(ParseError::Kind::WrongType, keys[i], yaml::indexPath(keysPath, i),
                           QStringLiteral("a virtual key must be a non-empty string"));
            }
            scenario.virtualKeys.append(key);
        }
    }

    const QStringList groups = scenario.config.groups();
    const YAML::Node demand = yaml::lookup(simulation, "demand");
    const QString demandPath = yaml::keyPath(path, "demand");
    if (yaml::expectSequence(demand, demandPath)) {
        for (std::size_t i = 0; i < demand.size(); ++i) {
            const YAML::Node entry = demand[i];
            const QString entryPath = yaml::indexPath(demandPath, i);
            yaml::expectMap(entry, entryPath);
            GroupDemandSpec spec;
            spec.group = text(entry, "group", entryPath);
            if (!groups.contains(spec.group)) {
                yaml::fail(ParseError::Kind::MissingField, entry, yaml::keyPath(entryPath, "group"),
                           QStringLiteral("demand on \"%1\", which is not a model group in "
                                          "model_list")
                               .arg(spec.group));
            }
            spec.curve = readCurve(entry, entryPath, baseDir);
            spec.inputTokens = readTokens(yaml::lookup(entry, "input_tokens"),
                                          yaml::keyPath(entryPath, "input_tokens"), 500);
            spec.outputTokens = readTokens(yaml::lookup(entry, "output_tokens"),
                                           yaml::keyPath(entryPath, "output_tokens"), 200);
            scenario.demand.push_back(std::move(spec));
        }
    }

    const YAML::Node faults = yaml::lookup(simulation, "faults");
    const QString faultsPath = yaml::keyPath(path, "faults");
    if (yaml::expectSequence(faults, faultsPath)) {
        for (std::size_t i = 0; i < faults.size(); ++i) {
            const QString entryPath = yaml::indexPath(faultsPath, i);
            yaml::expectMap(faults[i], entryPath);
            scenario.faults.push_back(readFault(faults[i], entryPath));
        }
    }
}

QString readMasterKey(const YAML::Node &document)
{
    const YAML::Node general = yaml::lookup(document, "general_settings");
    QString raw = yaml::readString(yaml::lookup(general, "master_key"),
                                   QStringLiteral("general_settings.master_key"))
                      .value_or(QString());
    if (raw.startsWith(QStringLiteral("os.environ/"))) {
        return qEnvironmentVariable(raw.mid(11).toLocal8Bit().constData());
    }
    return raw;
}

} // namespace

ParseResult<Scenario> parseScenario(std::string_view yaml, const QString &baseDir,
                                    const ParseLimits &limits)
{
    auto config = parseConfigYaml(yaml, limits);
    if (!config) {
        return config.error();
    }
    auto document = yaml::loadDocument(yaml, limits);
    if (!document) {
        return document.error();
    }
    Scenario scenario;
    scenario.config = std::move(config).value();
    try {
        const YAML::Node &root = document.value();
        scenario.masterKey = readMasterKey(root);
        const YAML::Node litellm = yaml::lookup(root, "litellm_settings");
        scenario.metricsRequireAuth =
            yaml::readBool(yaml::lookup(litellm, "require_auth_for_metrics_endpoint"),
                           QStringLiteral("litellm_settings.require_auth_for_metrics_endpoint"))
                .value_or(false);
        readSimulation(yaml::lookup(root, "simulation"), scenario, baseDir);
    } catch (const yaml::Failure &failure) {
        return failure.error;
    } catch (const YAML::Exception &e) {
        return yaml::errorAt(ParseError::Kind::WrongType, e.mark, QString::fromStdString(e.msg));
    }
    return scenario;
}

ParseResult<Scenario> loadScenario(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ParseError error;
        error.kind = ParseError::Kind::MissingField;
        error.message = QStringLiteral("cannot read scenario %1: %2").arg(path, file.errorString());
        return error;
    }
    const ParseLimits limits;
    if (file.size() > limits.maxBytes) {
        ParseError error;
        error.kind = ParseError::Kind::TooLarge;
        error.message =
            QStringLiteral("scenario %1 is over %2 bytes").arg(path).arg(limits.maxBytes);
        return error;
    }
    const QByteArray bytes = file.readAll();
    auto scenario = parseScenario(std::string_view(bytes.constData(), std::size_t(bytes.size())),
                                  QFileInfo(path).absolutePath(), limits);
    if (scenario && scenario.value().name.isEmpty()) {
        scenario.value().name = QFileInfo(path).completeBaseName();
    }
    return scenario;
}

} // namespace headroom::sim
