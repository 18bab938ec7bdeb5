using System.ComponentModel.DataAnnotations;

namespace NeighborBot.Api.Console;

/// <summary>The <c>Console</c> section: the staff console's sign-in and audit log.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";
    public const int DefaultMaxFailedSignIns = 5;
    public const int DefaultKeepAuditEntries = 10_000;
    public static readonly TimeSpan DefaultFailedSignInWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan DefaultSessionLifetime = TimeSpan.FromHours(8);

    /// <summary>Wrong passwords allowed per user name, and per client address, in <see cref="FailedSignInWindow"/>; then sign-in is refused until the window has passed.</summary>
    [Range(1, 1000, ErrorMessage = "Console:MaxFailedSignIns must be between 1 and 1000.")]
    public int MaxFailedSignIns { get; set; } = DefaultMaxFailedSignIns;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Console:FailedSignInWindow must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan FailedSignInWindow { get; set; } = DefaultFailedSignInWindow;

    /// <summary>How long a sign-in lasts without activity (the cookie slides).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Console:SessionLifetime must be between 00:01:00 and 30.00:00:00.")]
    public TimeSpan SessionLifetime { get; set; } = DefaultSessionLifetime;

    [Range(100, 1_000_000, ErrorMessage = "Console:KeepAuditEntries must be between 100 and 1000000.")]
    public int KeepAuditEntries { get; set; } = DefaultKeepAuditEntries;

    /// <summary>Development only: an admin created at start when no account of that name exists, for the demo.</summary>
    public SeedAdminOptions? SeedAdmin { get; set; }
}

public sealed class SeedAdminOptions
{
    public string UserName { get; set; } = string.Empty;
    public string DisplayName { get; set; } = "社区管理员";
    public string Password { get; set; } = string.Empty;
}
