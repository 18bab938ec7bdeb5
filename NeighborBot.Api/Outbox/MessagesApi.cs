using Microsoft.AspNetCore.Http.HttpResults;
using NeighborBot.Outbox;

namespace NeighborBot.Api.Outbox;

/// <summary><c>/api/admin/messages</c>: what became of each message to a person, with every attempt; resending one given up.</summary>
internal static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/messages", FindAsync);
        admin.MapGet("/messages/{id}", GetAsync);
        admin.MapPost("/messages/{id}/resend", ResendAsync);
        return admin;
    }

    /// <summary>
    /// Messages whose id starts with <paramref name="prefix"/> (e.g. a ticket number and a colon), or with
    /// <c>status=failed</c> the messages given up (failed or uncertain), newest first.
    /// </summary>
    internal static async Task<Results<Ok<IReadOnlyList<MessageRecord>>, BadRequest<string>>> FindAsync(
        string? prefix, string? status, int? limit, ISendLog log, CancellationToken cancellationToken)
    {
        var count = Math.Clamp(limit ?? 200, 1, 1000);
        if (string.Equals(status, "failed", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Ok(await log.GivenUpAsync(count, cancellationToken));
        }

        if (status is not null)
        {
            return TypedResults.BadRequest("status may only be 'failed' (messages given up: failed or uncertain).");
        }

        if (prefix is not { Length: >= 4 })
        {
            return TypedResults.BadRequest("Give prefix (at least 4 characters), e.g. ?prefix=20260712-0042:, or status=failed.");
        }

        return TypedResults.Ok(await log.FindAsync(prefix, count, cancellationToken));
    }

    internal static async Task<Results<Ok<MessageRecord>, NotFound>> GetAsync(string id, ISendLog log, CancellationToken cancellationToken) =>
        await log.GetAsync(id, cancellationToken) is { } record ? TypedResults.Ok(record) : TypedResults.NotFound();

    /// <summary>Sends a message given up (failed or uncertain) again, with a fresh retry period; 409 when it is not given up.</summary>
    internal static async Task<Results<Accepted<MessageRecord>, NotFound, Conflict<string>>> ResendAsync(
        string id, IOutbox outbox, ISendLog log, CancellationToken cancellationToken)
    {
        var result = await outbox.ResendAsync(id, "resent by an admin", cancellationToken);
        return result switch
        {
            ResendResult.Queued => TypedResults.Accepted($"/api/admin/messages/{Uri.EscapeDataString(id)}", (await log.GetAsync(id, cancellationToken))!),
            ResendResult.NotFound => TypedResults.NotFound(),
            _ => TypedResults.Conflict("The message was not given up (it is delivered, or still being sent); nothing changed."),
        };
    }
}
