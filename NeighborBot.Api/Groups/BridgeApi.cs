using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Bridges;
using NeighborBot.WeChat;

namespace NeighborBot.Api.Groups;

/// <summary><c>POST /bridge/{bridge}/messages</c>: a group message from a bridge (docs/bridge-protocol.md).</summary>
internal static class BridgeApi
{
    public static IEndpointRouteBuilder MapBridgeCallback(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bridge/{bridge}/messages", ReceiveAsync).WithTags("Groups");
        return app;
    }

    internal static async Task<Results<Ok<BridgeAnswer>, NotFound, UnauthorizedHttpResult, BadRequest<string>, StatusCodeHttpResult>> ReceiveAsync(
        string bridge, HttpRequest request, BridgeCallback callback, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, BridgeCallback.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var result = await callback.ReceiveAsync(
            bridge, request.Headers[BridgeSignature.TimestampHeader], request.Headers[BridgeSignature.SignatureHeader], body, cancellationToken);
        return result.Refusal switch
        {
            BridgeRefusal.None => TypedResults.Ok(result.Answer!),
            BridgeRefusal.UnknownBridge => TypedResults.NotFound(),
            BridgeRefusal.BadSignature => TypedResults.Unauthorized(),
            _ => TypedResults.BadRequest(result.Problem!),
        };
    }
}
