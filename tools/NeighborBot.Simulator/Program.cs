Console.WriteLine("simulator: coming in the next commit");
