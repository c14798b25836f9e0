from citebot.bot.terminal.cli import main

main()
