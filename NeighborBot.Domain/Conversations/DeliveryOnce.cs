using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace NeighborBot.Conversations;

/// <summary>
/// Handles a channel's delivery once by the id the channel gives it (a bridge's message id, a WeCom
/// robot's <c>msgid</c>), whatever the number of retries: the first delivery claims the id, handles it and
/// remembers its answer for <c>Conversations:DedupeWindow</c>; a repeat gets that answer, waiting for it
/// while the first is still being handled. The conversation dedupes each person's turn on its own;
/// this covers what a channel does before and around the turn (the group's daily count, the gate's
/// record of an unknown group) and the answer as the channel renders it.
/// </summary>
public sealed class DeliveryOnce(IDedupeStore dedupe, IOptions<ConversationOptions> options, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The answer to delivery <paramref name="id"/> of <paramref name="scope"/>: <paramref name="handle"/>'s
    /// for the first delivery, the remembered one for a repeat.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another delivery of the id still holds it after the whole wait; nothing was handled.</exception>
    public async Task<T> HandleAsync<T>(
        string scope, string id, JsonTypeInfo<T> answer, Func<CancellationToken, Task<T>> handle, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        var window = options.Value;
        var claim = await dedupe.ClaimAsync(scope, id, owner, window.ClaimLease, cancellationToken).ConfigureAwait(false);
        var started = time.GetTimestamp();
        while (claim.Status == ClaimStatus.InProgress && time.GetElapsedTime(started) < window.RetryWait)
        {
            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            claim = await dedupe.PeekAsync(scope, id, cancellationToken).ConfigureAwait(false);
            if (claim.Status == ClaimStatus.Won)
            {
                // The first delivery failed and let go: this one handles it.
                claim = await dedupe.ClaimAsync(scope, id, owner, window.ClaimLease, cancellationToken).ConfigureAwait(false);
            }
        }

        switch (claim.Status)
        {
            case ClaimStatus.Done:
                return JsonSerializer.Deserialize(claim.Result!, answer)!;
            case ClaimStatus.InProgress:
                throw new InvalidOperationException($"Delivery {id} of {scope} is still being handled.");
        }

        try
        {
            var result = await handle(cancellationToken).ConfigureAwait(false);
            await dedupe.CompleteAsync(scope, id, JsonSerializer.Serialize(result, answer), window.DedupeWindow, CancellationToken.None).ConfigureAwait(false);
            return result;
        }
        catch
        {
            await dedupe.ReleaseAsync(scope, id, owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The answer a delivery got, while it is remembered; null when it is unknown, forgotten or still being handled.</summary>
    public async Task<T?> FindAsync<T>(string scope, string id, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
        where T : class
    {
        var claim = await dedupe.PeekAsync(scope, id, cancellationToken).ConfigureAwait(false);
        return claim.Status == ClaimStatus.Done ? JsonSerializer.Deserialize(claim.Result!, answer) : null;
    }
}
