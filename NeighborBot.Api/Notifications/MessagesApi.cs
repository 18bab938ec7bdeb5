using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Notifications;

namespace NeighborBot.Api.Notifications;

/// <summary><c>/api/admin/messages</c>: what became of each message to a person, with every attempt.</summary>
internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/messages", FindAsync);
        admin.MapGet("/messages/{id}", GetAsync);
        return admin;
    }

    /// <summary>Messages whose id starts with <paramref name="prefix"/>, e.g. a ticket number and a colon.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<MessageRecord>>, BadRequest<string>>> FindAsync(
        string? prefix, int? limit, ISendLog log, CancellationToken cancellationToken)
    {
        if (prefix is not { Length: >= 4 })
        {
            return TypedResults.BadRequest("Give prefix (at least 4 characters), e.g. ?prefix=20260712-0042:");
        }

        return TypedResults.Ok(await log.FindAsync(prefix, Math.Clamp(limit ?? 200, 1, 1000), cancellationToken));
    }

    internal static async Task<Results<Ok<MessageRecord>, NotFound>> GetAsync(string id, ISendLog log, CancellationToken cancellationToken) =>
        await log.GetAsync(id, cancellationToken) is { } record ? TypedResults.Ok(record) : TypedResults.NotFound();
}
