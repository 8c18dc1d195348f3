import discord
client.run('MT<<!>>A0OTMzODk4NTY4NjE0Mjc1.3HG49y.UYpSHuJ1cj0VUnHmDNW5GaiHHMANXrJIJxcfz4')
