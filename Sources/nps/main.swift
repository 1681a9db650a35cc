import NPSCommands

print("nps")
