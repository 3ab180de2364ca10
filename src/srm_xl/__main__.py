from srm_xl.cli import app

app()
