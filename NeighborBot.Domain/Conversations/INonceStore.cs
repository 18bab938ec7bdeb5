namespace NeighborBot.Conversations;

/// <summary>What an earlier use of a signed callback URL had, if there was one.</summary>
public enum NonceUse
{
    /// <summary>The URL was not used before (within the window): it is now remembered with this body.</summary>
    First,

    /// <summary>Used before with the same body: a retry of the same delivery.</summary>
    SameBody,

    /// <summary>Used before with another body: a replay of a captured URL.</summary>
    OtherBody,
}

/// <summary>
/// Remembers which signed callback URLs were used, each bound to a fingerprint of the body it came
/// with, for as long as the URL's timestamp would still be accepted. The first use records the
/// fingerprint; later uses learn whether they carry the same body. Recording and comparing are one
/// atomic step, so two uses at once cannot both be first.
/// </summary>
public interface INonceStore
{
    Task<NonceUse> UseAsync(string scope, string nonce, string fingerprint, TimeSpan window, CancellationToken cancellationToken);
}
