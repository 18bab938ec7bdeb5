using NeighborBot.Accounts;
using NeighborBot.Storage;

namespace NeighborBot.Api.Console;

/// <summary>
/// <c>dotnet run --project NeighborBot.Api -- add-admin NAME [--display 显示名]</c>: adds a community admin to the
/// configured store and exits, without serving. The password comes from <see cref="PasswordVariable"/> when
/// set, else from the first line of standard input; it is never an argument (arguments show in <c>ps</c>).
/// </summary>
internal sealed record AddAdminCommand(string UserName, string? DisplayName)
{
    public const string Name = "add-admin";
    public const string PasswordVariable = "NEIGHBORBOT_ADMIN_PASSWORD";
    public const string Usage = "usage: add-admin NAME [--display 显示名]; the password from NEIGHBORBOT_ADMIN_PASSWORD or the first line of standard input";

    /// <summary>The command when the arguments start with <c>add-admin</c>; <paramref name="usage"/> when they do but are wrong.</summary>
    public static bool TryParse(string[] args, out AddAdminCommand? command, out bool usage)
    {
        command = null;
        usage = false;
        if (args is not [Name, ..])
        {
            return false;
        }

        switch (args)
        {
            case [_, var user] when !user.StartsWith('-'):
                command = new AddAdminCommand(user, null);
                return true;
            case [_, var user, "--display", var display] when !user.StartsWith('-'):
                command = new AddAdminCommand(user, display);
                return true;
            default:
                usage = true;
                return true;
        }
    }

    /// <summary>Adds the admin; 0 when added, 1 when refused (the reason on <paramref name="output"/>).</summary>
    public async Task<int> RunAsync(IServiceProvider services, Func<string, string?> environment, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var password = environment(PasswordVariable) ?? await input.ReadLineAsync(cancellationToken) ?? string.Empty;
        var accounts = services.GetRequiredService<StaffAccounts>();
        var refusal = await accounts.AddAsync(UserName, DisplayName ?? UserName, password.TrimEnd('\r', '\n'), [StaffRoles.Admin], [], cancellationToken);
        var message = refusal switch
        {
            AccountRefusal.None => $"Admin '{UserName}' added.",
            AccountRefusal.BadUserName => $"'{UserName}' is not a user name: letters, digits, '-', '_' and '.', at most {StaffAccounts.MaxUserNameLength}.",
            AccountRefusal.WeakPassword => $"The password must have at least {StaffAccounts.MinPasswordLength} characters.",
            AccountRefusal.Taken => $"'{UserName}' already exists; nothing changed.",
            _ => $"Refused: {refusal}.",
        };
        await output.WriteLineAsync(message);
        if (refusal == AccountRefusal.None)
        {
            await accounts.AuditAsync("add-admin", "account.add", UserName, "admin (command line)", cancellationToken);
            if (services.GetRequiredService<StoreChoice>() is { UsesRedis: false })
            {
                await output.WriteLineAsync("Warning: ConnectionStrings:Redis is empty, so the account lives in this process only and is gone now. Set it to keep the account.");
            }
        }

        return refusal == AccountRefusal.None ? 0 : 1;
    }
}
