using Hangfire;
using NeighborBot.Notifications;

namespace NeighborBot.Jobs.Notifications;

/// <summary>
/// Sends one outbox message (by id; the message itself is in the outbox). Safe to run twice: a
/// delivered message is never sent again, and only one run at a time sends it.
/// </summary>
internal sealed class SendMessageJob(MessageSender sender)
{
    public const string Queue = "critical";

    /// <summary>
    /// Hangfire's retries, chosen so that the last one still falls inside WeChat's 10-minute
    /// <c>client_msg_id</c> window after the first send (15 + 60 + 180 s of waits, plus the runs):
    /// a template send whose answer was lost repeats under WeChat's dedupe. The sender also checks
    /// that window itself, should a retry come late.
    /// </summary>
    public const int Retries = 3;

    [AutomaticRetry(Attempts = Retries, DelaysInSeconds = [15, 60, 180], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue(Queue)]
    public async Task RunAsync(string messageId, CancellationToken cancellationToken)
    {
        var outcome = await sender.SendAsync(messageId, Retries + 1, cancellationToken).ConfigureAwait(false);
        if (outcome.Retry)
        {
            throw new MessageNotSentException($"Message {messageId} was not sent ({outcome.Status}): {outcome.Reason}");
        }
    }
}

/// <summary>A run failed in a way worth another try; Hangfire retries the job.</summary>
public sealed class MessageNotSentException : Exception
{
    public MessageNotSentException()
    {
    }

    public MessageNotSentException(string message)
        : base(message)
    {
    }

    public MessageNotSentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
