"""The project library (项目库): projects with their units, team, leader post, year plans, stages and list tier."""
