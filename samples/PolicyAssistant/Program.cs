Console.WriteLine("PolicyAssistant: under construction.");
return 0;
