#include "simcompletions.h"

#include "formats/jsonbody.h"
#include "simengine.h"
#include "simhttp.h"

#include <algorithm>
#include <QDateTime>
#include <QUuid>

namespace headroom::sim {

namespace {

using Json = nlohmann::json;

} // namespace

ParseResult<router::Request> completionRequest(const Json &body)
{
    return [&]() -> ParseResult<router::Request> {
        try {
            if (!body.is_object()) {
                json::fail(ParseError::Kind::WrongType, QStringLiteral("/"),
                           QStringLiteral("expected a JSON object"));
            }
            router::Request request;
            request.group = json::requiredString(body, "model", QString());
            qint64 characters = 0;
            qint64 messages = 0;
            if (const Json *list = json::member(body, "messages")) {
                if (!list->is_array()) {
                    json::fail(ParseError::Kind::WrongType, QStringLiteral("/messages"),
                               QStringLiteral("expected a list of messages"));
                }
                for (const Json &message : *list) {
                    ++messages;
                    if (message.is_object() && message.contains("content") &&
                        message["content"].is_string()) {
                        characters +=
                            qint64(message["content"].get_ref<const std::string &>().size());
                    }
                }
            }
            // About four characters per token, plus a few tokens of framing per message.
            request.inputTokens = std::max<qint64>(1, characters / 4 + 4 * messages);
            const auto maxTokens = json::integer(body, "max_tokens", QString());
            request.outputTokens = std::clamp<qint64>(maxTokens.value_or(200), 1, 1000000);
            if (json::boolean(body, "mock_testing_context_fallbacks", QString()).value_or(false)) {
                request.injected = router::ErrorClass::ContextWindowExceeded;
            }
            if (json::boolean(body, "mock_testing_content_policy_fallbacks", QString())
                    .value_or(false)) {
                request.injected = router::ErrorClass::ContentPolicyViolation;
            }
            return request;
        } catch (const json::FieldError &e) {
            return e.error();
        }
    }();
}

QHttpServerResponse completionResponse(const SimEngine &engine, const router::Request &request,
                                       const router::Outcome &outcome)
{
    QHttpServerResponse response = [&] {
        if (!outcome.ok) {
            const bool noDeployments = outcome.error == router::ErrorClass::NoDeployments;
            const QString type = noDeployments ? QStringLiteral("None")
                                 : outcome.error == router::ErrorClass::RateLimit
                                     ? QStringLiteral("rate_limit_error")
                                     : QStringLiteral("None");
            return errorEnvelope(Status(outcome.httpStatus), outcome.message, type);
        }
        QString modelName;
        for (const Deployment &d : engine.model().spec().deployments) {
            if (d.id == outcome.deploymentId) {
                modelName = d.model;
            }
        }
        const Json body = {
            {"id", "chatcmpl-" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString()},
            {"object", "chat.completion"},
            {"created", QDateTime::currentSecsSinceEpoch()},
            {"model", str(modelName)},
            {"choices",
             {{{"index", 0},
               {"message",
                {{"role", "assistant"}, {"content", "This is a mock response from headroom-sim."}}},
               {"finish_reason", "stop"}}}},
            {"usage",
             {{"prompt_tokens", request.inputTokens},
              {"completion_tokens", request.outputTokens},
              {"total_tokens", request.inputTokens + request.outputTokens}}}};
        return jsonResponse(body);
    }();
    const RouterSettings &settings = engine.model().spec().settings;
    response.setHeader(QByteArrayLiteral("x-litellm-attempted-retries"),
                       QByteArray::number(outcome.attemptedRetries));
    response.setHeader(QByteArrayLiteral("x-litellm-max-retries"),
                       QByteArray::number(settings.numRetries.value_or(2)));
    response.setHeader(QByteArrayLiteral("x-litellm-attempted-fallbacks"),
                       QByteArray::number(outcome.attemptedFallbacks));
    response.setHeader(QByteArrayLiteral("x-litellm-version"), QByteArray(kLiteLlmVersion));
    response.setHeader(QByteArrayLiteral("x-litellm-response-duration-ms"),
                       QByteArray::number(qint64(outcome.latencySeconds * 1000)));
    if (outcome.ok) {
        response.setHeader(QByteArrayLiteral("x-litellm-model-id"), outcome.deploymentId.toUtf8());
        response.setHeader(QByteArrayLiteral("x-litellm-model-group"),
                           outcome.servedGroup.toUtf8());
    }
    if (outcome.remainingRequests) {
        response.setHeader(QByteArrayLiteral("x-ratelimit-remaining-requests"),
                           QByteArray::number(*outcome.remainingRequests));
    }
    if (outcome.remainingTokens) {
        response.setHeader(QByteArrayLiteral("x-ratelimit-remaining-tokens"),
                           QByteArray::number(*outcome.remainingTokens));
    }
    return response;
}

} // namespace headroom::sim
