using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.WeChat;
using NeighborBot.WeChat.WeCom;

namespace NeighborBot.Api.WeCom;

/// <summary><c>/wecom/aibot/{bot}</c>: a WeCom smart robot's callback (docs/wecom.md).</summary>
internal static class WeComApi
{
    private const string Plain = "text/plain; charset=utf-8";
    private const string Json = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapWeComCallback(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/wecom/aibot/{bot}").WithTags("WeCom");
        group.MapGet("", Verify);
        group.MapPost("", ReceiveAsync);
        return app;
    }

    /// <summary>URL verification: the decrypted <c>echostr</c>, as it is (no quotes, no newline).</summary>
    internal static Results<ContentHttpResult, NotFound, UnauthorizedHttpResult, BadRequest<string>> Verify(
        string bot, HttpRequest request, WeComCallback callback)
    {
        var result = callback.VerifyUrl(bot, ReadQuery(request));
        return result.Refusal switch
        {
            WeComRefusal.None => TypedResults.Text(result.Body, Plain),
            WeComRefusal.UnknownBot => TypedResults.NotFound(),
            WeComRefusal.BadSignature => TypedResults.Unauthorized(),
            _ => TypedResults.BadRequest(result.Problem!),
        };
    }

    /// <summary>A message or event: the sealed passive reply, or an empty 200 when there is nothing to say.</summary>
    internal static async Task<Results<ContentHttpResult, Ok, NotFound, UnauthorizedHttpResult, BadRequest<string>, StatusCodeHttpResult>> ReceiveAsync(
        string bot, HttpRequest request, WeComCallback callback, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, WeComCallback.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var result = await callback.ReceiveAsync(bot, ReadQuery(request), body, cancellationToken);
        return result switch
        {
            { Refusal: WeComRefusal.None, Body: null } => TypedResults.Ok(),
            { Refusal: WeComRefusal.None } => TypedResults.Text(result.Body, Json),
            { Refusal: WeComRefusal.UnknownBot } => TypedResults.NotFound(),
            { Refusal: WeComRefusal.BadSignature } => TypedResults.Unauthorized(),
            _ => TypedResults.BadRequest(result.Problem!),
        };
    }

    private static WeComQuery ReadQuery(HttpRequest request)
    {
        var q = request.Query;
        return new WeComQuery(q["msg_signature"], q["timestamp"], q["nonce"], q["echostr"]);
    }
}
