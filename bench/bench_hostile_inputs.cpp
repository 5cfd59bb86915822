// What hostile input costs Headroom: the time to refuse each hostile config.yaml (an alias bomb,
// a long alias chain, 5,000 levels of nesting, 100 MB), and the longest the UI thread was busy
// at once while ProxySource polled proxies that flood, inflate, trickle or garble. The suites
// assert that each is refused and that no stall lasts seconds; the figures live here.

#include "config/proxyconfig.h"
#include "hostileproxy.h"
#include "proxysource.h"
#include "stallmeter.h"

#include <cstdio>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace headroom;
using headroom::test::HostileProxy;
using headroom::test::StallMeter;
using headroom::test::ThreadedHostileProxy;

namespace {

std::string_view view(const QByteArray &bytes)
{
    return {bytes.constData(), std::size_t(bytes.size())};
}

// Milliseconds to refuse `yaml`, the best of three (the first warms the allocator).
double refuseMs(const QByteArray &yaml)
{
    double best = 1e9;
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer timer;
        timer.start();
        const auto config = parseConfigYaml(view(yaml));
        best = std::min(best, double(timer.nsecsElapsed()) / 1e6);
        if (config.ok()) {
            std::fprintf(stderr, "a hostile config was accepted\n");
            std::exit(1);
        }
    }
    return best;
}

QByteArray aliasBomb()
{
    QByteArray yaml =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    const char *names = "abcdefghi";
    for (int i = 1; i < 9; ++i) {
        yaml += QByteArray(1, names[i]) + ": &" + names[i] + " [";
        for (int k = 0; k < 9; ++k) {
            yaml += QByteArray(k ? ",*" : "*") + names[i - 1];
        }
        yaml += "]\n";
    }
    return yaml + "model_list: [*i]\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qRegisterMetaType<PollOutcome>();

    std::printf("config_refuse_alias_bomb %.2f ms\n", refuseMs(aliasBomb()));
    QByteArray chain = "a0: &a0 [x]\n";
    for (int i = 1; i < 2000; ++i) {
        chain += QStringLiteral("a%1: &a%1 [*a%2]\n").arg(i).arg(i - 1).toUtf8();
    }
    std::printf("config_refuse_alias_chain_2000 %.2f ms\n", refuseMs(chain));
    QByteArray nested;
    for (int i = 0; i < 5000; ++i) {
        nested += QByteArray(i, ' ') + "k:\n";
    }
    std::printf("config_refuse_nesting_5000 %.2f ms\n", refuseMs(nested));
    QByteArray huge = "a: \"" + QByteArray(100 * 1024 * 1024, 'x') + "\"\n";
    std::printf("config_refuse_100mb %.2f ms\n", refuseMs(huge));

    // Each hostile proxy polled three times at the production body limit (64 MiB).
    HostileProxy::bombBody(true);
    HostileProxy::bombBody(false);
    using M = HostileProxy::Mode;
    double worst = 0;
    for (const M mode : {M::HugeUndeclared, M::GzipBomb, M::DeflateBomb, M::HugeHeaders,
                         M::ContinueFlood, M::ChunkedHuge, M::JsonNestingBomb, M::Trickle}) {
        ThreadedHostileProxy proxy(mode);
        app::ProxySourceConfig config;
        config.url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(proxy.port()));
        config.intervalMs = 60000;
        config.timeoutMs = 3000;
        StallMeter stalls;
        app::ProxySource source(config);
        QSignalSpy finished(&source, &app::ProxySource::pollFinished);
        for (int poll = 0; poll < 3; ++poll) {
            source.pollNow();
            if (!finished.wait(20000)) {
                std::fprintf(stderr, "no poll outcome\n");
                return 1;
            }
        }
        source.stop();
        QTest::qWait(50);
        worst = std::max(worst, stalls.worstCpuMs());
        if (qEnvironmentVariableIsSet("BENCH_TRACE")) {
            std::fprintf(stderr, "mode %d: %.1f ms\n", int(mode), stalls.worstCpuMs());
        }
    }
    std::printf("hostile_proxy_ui_stall_max %.1f ms\n", worst);
    return 0;
}
