using NeighborBot.LoadGen;

// Helpers for scripts/load.sh; wrk's Lua can do neither SHA-1 nor AES, so requests are signed here.
//   ports N                       N free loopback TCP ports
//   generate --out PREFIX ...     pre-signed requests, one file per wrk thread (PREFIX.0, PREFIX.1, ...)
//   probe --url URL ...           one fresh message; checks and prints the reply (decrypted in safe mode)

return args.FirstOrDefault() switch
{
    "ports" when args.Length == 2 && int.TryParse(args[1], out var n) => Commands.Ports(n),
    "generate" => Commands.Generate(LoadGenOptions.Parse(args.AsSpan(1))),
    "probe" => await Commands.ProbeAsync(LoadGenOptions.Parse(args.AsSpan(1))),
    _ => Commands.Usage(),
};
