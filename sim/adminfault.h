#pragma once
// Faults the simulator injects into its admin writes (POST /fallback, DELETE /fallback/{model},
// POST /config/update), so a push client can be tested against a refusal, a connection cut
// mid-answer and a push applied only in part. Each strikes once, on the write after `after`
// writes that went through, then the simulator behaves again (so a restore can be tested too).

#include "formats/parseresult.h"

#include <QString>
#include <QStringView>
#include <string_view>

namespace headroom::sim {

struct AdminFault {
    enum class Mode {
        None,
        Error,   // answer HTTP 500 with LiteLLM's error envelope; nothing changes
        Drop,    // the write is applied, then the connection is cut halfway through the answer
        Partial, // the write is answered as accepted but not applied: a push lands only in part
    };
    Mode mode = Mode::None;
    int after = 0; // admin writes that go through before the fault strikes

    friend bool operator==(const AdminFault &, const AdminFault &) = default;
};

// "off", "error", "drop", "partial".
QString adminFaultModeName(AdminFault::Mode mode);

// The command line's form: "MODE" or "MODE:N" (N writes go through first), MODE one of off,
// error, drop, partial.
ParseResult<AdminFault> parseAdminFault(QStringView text);
// The test endpoint's body (POST /sim/admin-fault): {"mode": "drop", "after": 1}.
ParseResult<AdminFault> readAdminFaultRequest(std::string_view body);

// The armed fault and the count of admin writes since it was armed.
class AdminFaults {
public:
    void arm(const AdminFault &fault);
    AdminFault armed() const { return m_fault; }
    // Called once per admin write: the mode this write gets (None for most), disarming a fault
    // once it has struck.
    AdminFault::Mode next();

private:
    AdminFault m_fault;
    int m_writes = 0;
};

} // namespace headroom::sim
